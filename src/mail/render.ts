import { escapeHtml } from '../kernel/html.ts';
import type { MailMessage } from './mailer.ts';

/** What a platform mail says: a greeting, paragraphs, an optional quoted text, one link, a closing line. */
export interface MailContent {
  to: string;
  subject: string;
  greeting: string;
  paragraphs: string[];
  /** Text of somebody else's (a reason given by an administrator), shown as a quotation. */
  quote?: string | null;
  action: { label: string; link: string };
  after: string;
}

/** A mail as plain text and simple HTML (no images, no tracking); every text is escaped. */
export function renderMail(c: MailContent): MailMessage {
  const quoteText = c.quote ? `${c.quote.replace(/^/gm, '> ')}\n\n` : '';
  const text = `${c.greeting}\n\n${c.paragraphs.join('\n\n')}\n\n${quoteText}${c.action.label}: ${c.action.link}\n\n${c.after}\n\n-- \nLeergoed`;
  const html = [
    `<p>${escapeHtml(c.greeting)}</p>`,
    ...c.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(c.quote ? [`<blockquote>${escapeHtml(c.quote).replace(/\n/g, '<br>')}</blockquote>`] : []),
    `<p><a href="${escapeHtml(c.action.link)}">${escapeHtml(c.action.label)}</a></p>`,
    `<p>${escapeHtml(c.after)}</p>`,
    '<p>-- <br>Leergoed</p>',
  ].join('\n');
  return { to: c.to, subject: c.subject, text, html };
}

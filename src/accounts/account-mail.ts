import type { MailMessage } from '../mail/mailer.ts';
import { renderMail } from '../mail/render.ts';

/** The mails accounts send, each a job (retried when the mail server does not answer). */
export const ACCOUNT_MAIL_JOB = 'account-mail';

export type AccountMailKind = 'verify' | 'reset' | 'email' | 'exists';
export type MailLanguage = 'nl' | 'en';

/** A job's payload: never a token (it is made when the mail is sent, and only its hash is stored). */
export interface AccountMailPayload {
  kind: AccountMailKind;
  userId: string;
  to: string;
  lang: MailLanguage;
}

/** How long each link works. */
export const TOKEN_HOURS: Record<'verify' | 'reset' | 'email', number> = { verify: 48, reset: 1, email: 24 };

interface Wording {
  subject: string;
  greeting: string;
  body: string;
  action: string;
  after: string;
}

const WORDING: Record<AccountMailKind, Record<MailLanguage, Wording>> = {
  verify: {
    nl: {
      subject: 'Bevestig je e-mailadres voor Leergoed',
      greeting: 'Welkom bij Leergoed, {name}!',
      body: 'Bevestig dat dit jouw e-mailadres is; daarna kun je inloggen.',
      action: 'E-mailadres bevestigen',
      after: 'De link werkt 48 uur en één keer. Heb je geen account aangemaakt? Dan hoef je niets te doen.',
    },
    en: {
      subject: 'Confirm your e-mail address for Leergoed',
      greeting: 'Welcome to Leergoed, {name}!',
      body: 'Confirm that this is your e-mail address; then you can sign in.',
      action: 'Confirm e-mail address',
      after: 'The link works for 48 hours, once. Did you not make an account? Then you need not do anything.',
    },
  },
  reset: {
    nl: {
      subject: 'Nieuw wachtwoord voor Leergoed',
      greeting: 'Hallo {name},',
      body: 'Iemand (hopelijk jij) vroeg een nieuw wachtwoord aan voor je Leergoed-account.',
      action: 'Nieuw wachtwoord kiezen',
      after: 'De link werkt een uur en één keer. Heb je niets aangevraagd? Dan blijft je wachtwoord zoals het is.',
    },
    en: {
      subject: 'New password for Leergoed',
      greeting: 'Hello {name},',
      body: 'Someone (hopefully you) asked for a new password for your Leergoed account.',
      action: 'Choose a new password',
      after: 'The link works for one hour, once. Did you not ask for it? Then your password stays as it is.',
    },
  },
  email: {
    nl: {
      subject: 'Bevestig je nieuwe e-mailadres voor Leergoed',
      greeting: 'Hallo {name},',
      body: 'Je wilt voortaan met dit e-mailadres inloggen bij Leergoed. Bevestig dat het van jou is.',
      action: 'Nieuw e-mailadres bevestigen',
      after: 'De link werkt 24 uur en één keer. Tot je bevestigt, blijft je oude adres gelden.',
    },
    en: {
      subject: 'Confirm your new e-mail address for Leergoed',
      greeting: 'Hello {name},',
      body: 'You want to sign in to Leergoed with this address from now on. Confirm that it is yours.',
      action: 'Confirm new e-mail address',
      after: 'The link works for 24 hours, once. Until you confirm, your old address stays.',
    },
  },
  exists: {
    nl: {
      subject: 'Je hebt al een account bij Leergoed',
      greeting: 'Hallo {name},',
      body: 'Iemand probeerde met dit e-mailadres een account aan te maken, maar je hebt er al een. Weet je je wachtwoord niet meer? Vraag een nieuw aan.',
      action: 'Wachtwoord vergeten',
      after: 'Was jij het niet? Dan hoef je niets te doen.',
    },
    en: {
      subject: 'You already have a Leergoed account',
      greeting: 'Hello {name},',
      body: 'Someone tried to make an account with this address, but you have one already. Forgot your password? Ask for a new one.',
      action: 'Forgot password',
      after: 'Was it not you? Then you need not do anything.',
    },
  },
};

/** The page each mail's link opens. */
const PAGES: Record<AccountMailKind, string> = {
  verify: '/account/bevestigen',
  email: '/account/bevestigen',
  reset: '/wachtwoord-herstellen',
  exists: '/wachtwoord-vergeten',
};

/** The link a mail carries: the page, with the token for the kinds that have one. */
export function mailLink(publicUrl: string, kind: AccountMailKind, token: string | null): string {
  const url = new URL(PAGES[kind], publicUrl);
  if (token) url.searchParams.set('token', token);
  return url.toString();
}

/** A mail in the reader's language, plain text and simple HTML (no images, no tracking). */
export function renderAccountMail(
  kind: AccountMailKind,
  lang: MailLanguage,
  name: string,
  link: string,
  to: string,
): MailMessage {
  const w = WORDING[kind][lang];
  return renderMail({
    to,
    subject: w.subject,
    greeting: w.greeting.replace('{name}', name),
    paragraphs: [w.body],
    action: { label: w.action, link },
    after: w.after,
  });
}

import nodemailer from 'nodemailer';

/** One message: plain text always, HTML beside it. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends mail. Only configured platforms have one: without SMTP, nothing that needs mail is offered. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/**
 * A mailer over SMTP (`LEERGOED_SMTP_URL`, e.g. `smtp://user:pass@mail.example.nl:587` or
 * `smtps://…`), sending as `from`. Connections time out rather than hang a job.
 */
export function smtpMailer(url: string, from: string): Mailer {
  const parsed = new URL(url);
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:')
    throw new Error(`LEERGOED_SMTP_URL must start with smtp:// or smtps://, got "${parsed.protocol}"`);
  const secure = parsed.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    ...(parsed.username
      ? { auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } }
      : {}),
    // A local relay without TLS (smtp://localhost:1025) is allowed; STARTTLS is used when offered.
    ignoreTLS: parsed.searchParams.get('ignoreTLS') === 'true',
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
  };
}

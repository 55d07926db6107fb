import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail the sink received. */
export interface SunkMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The first link in the text that leads to `base`. */
  link(base: string): string;
}

/** A local SMTP server that accepts every mail and keeps it, for tests that follow mailed links. */
export interface SmtpSink {
  url: string;
  mails: SunkMail[];
  /** Waits for the next mail to an address (mails already received count, oldest first, each once). */
  next(to: string, timeoutMs?: number): Promise<SunkMail>;
  /** Refuses the next `n` mails with a temporary error (a mail server that is down for a while). */
  refuse(n: number): void;
  close(): Promise<void>;
}

export async function smtpSink(): Promise<SmtpSink> {
  const mails: SunkMail[] = [];
  const taken = new Set<SunkMail>();
  let refusing = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      if (refusing > 0) {
        refusing--;
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('Try again later'), { responseCode: 451 })));
        return;
      }
      simpleParser(stream)
        .then((parsed) => {
          const to = [parsed.to]
            .flat()
            .flatMap((a) => a?.value ?? [])
            .map((v) => v.address ?? '')
            .join(',');
          const text = parsed.text ?? '';
          mails.push({
            to,
            subject: parsed.subject ?? '',
            text,
            html: typeof parsed.html === 'string' ? parsed.html : '',
            link(base: string) {
              const found = text.match(/https?:\/\/\S+/g)?.find((l) => l.startsWith(base));
              if (!found) throw new Error(`no link to ${base} in: ${text}`);
              return found;
            },
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async next(to, timeoutMs = 20_000) {
      for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
        const mail = mails.find((m) => !taken.has(m) && m.to === to);
        if (mail) {
          taken.add(mail);
          return mail;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no mail to ${to} within ${timeoutMs} ms (got: ${mails.map((m) => m.to).join(', ')})`);
    },
    refuse(n) {
      refusing = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

import assert from 'node:assert/strict';
import type { App } from '../../src/kernel/http.ts';

/** A multipart/form-data body with text fields and one file, as a browser sends an upload. */
export function multipart(
  fields: Record<string, string>,
  file: { name: string; bytes: Buffer; type?: string } | null,
): { body: Buffer; contentType: string } {
  const boundary = `----leergoed${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Credentials of a signed-in user: the cookie and the CSRF token, as headers for writes. */
export type Credentials = Record<string, string> & { cookie: string; 'x-csrf-token': string };

/** Signs in through the API and returns the headers a browser would send on writes. */
export async function signIn(app: App, email: string, password: string): Promise<Credentials> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } });
  assert.equal(response.statusCode, 200, response.body);
  const cookie = response.cookies.find((c) => c.name === 'lg_session')!;
  return { cookie: `lg_session=${cookie.value}`, 'x-csrf-token': response.json().csrfToken as string };
}

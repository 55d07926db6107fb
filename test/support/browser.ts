import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot } from '../../src/app/config.ts';
import { freshDatabaseUrl, type StoreKind } from './stores.ts';

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Waits until `base/readyz` answers 200, or throws when the deadline passes or `alive()` turns false. */
export async function waitForReady(base: string, alive: () => boolean, ms = 180_000, intervalMs = 200): Promise<void> {
  for (const deadline = Date.now() + ms; ;) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline || !alive()) throw new Error('the server did not become ready');
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Debian's Chromium, headless, with no background traffic (this machine's network is closed). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page with CSP bypassed, only so axe-core can be injected into it. */
export async function newTestPage(browser: Browser): Promise<Page> {
  return browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe-core (WCAG 2.2 AA tags) in the page; returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: join(projectRoot, 'node_modules', 'axe-core', 'axe.min.js') });
  const violations = await page.evaluate(async (tags) => {
    const result = await (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            options: object,
          ): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  }, WCAG_TAGS);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`);
}

/** A `leergoed serve` process on a fresh store, for browser tests. */
export interface ServedApp {
  base: string;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/**
 * Starts the built program (`leergoed serve`) on a fresh store of the given kind and waits until it
 * is ready; `prepare` may run other program commands on the same store first (e.g. `admin create`).
 */
export async function serveFresh(
  kind: StoreKind,
  extraEnv: Record<string, string>,
  prepare?: (env: NodeJS.ProcessEnv) => void,
): Promise<ServedApp> {
  const database = await freshDatabaseUrl(kind);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: database.url,
    PORT: String(port),
    HOST: '127.0.0.1',
    LEERGOED_PUBLIC_URL: base,
    LEERGOED_SECRET: 'e2e',
    LOG_LEVEL: 'warn',
    LEERGOED_FROM_SOURCE: 'false',
    LEERGOED_RATE_LIMIT: '1000000',
    ...extraEnv,
  };
  prepare?.(env);
  const server: ChildProcess = spawn(process.execPath, [join(projectRoot, 'bin', 'leergoed.js'), 'serve'], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    await waitForReady(base, () => server.exitCode === null);
  } catch (error) {
    server.kill('SIGTERM');
    await database.drop();
    throw error;
  }
  return {
    base,
    env,
    async stop() {
      server.kill('SIGTERM');
      await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
      await database.drop();
    },
  };
}

/** Creates an account with `leergoed admin create` on the store of `env` (before the server starts). */
export function createAccount(env: NodeJS.ProcessEnv, args: string[], password = 'een lang wachtwoord'): void {
  const created = spawnSync(process.execPath, [join(projectRoot, 'bin', 'leergoed.js'), 'admin', 'create', ...args], {
    env: { ...env, LEERGOED_ADMIN_PASSWORD: password },
    encoding: 'utf8',
  });
  if (created.status !== 0) throw new Error(`admin create failed: ${created.stderr}`);
}

/** Signs in through the API: the session cookie and the CSRF token for writes. */
export async function apiSession(
  base: string,
  email: string,
  password = 'een lang wachtwoord',
): Promise<{ cookie: string; csrfToken: string }> {
  const response = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

/** Signs in through the sign-in page, as a person does (the test accounts share one password). */
export async function signInAs(page: Page, base: string, email: string): Promise<void> {
  await page.goto(`${base}/inloggen`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill('een lang wachtwoord');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
}

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/app/config.ts';
import { createContext, createLogger, type AppContext } from '../../src/app/context.ts';
import { migrateToLatest } from '../../src/db/store.ts';
import { seedVocabularies } from '../../src/vocab/service.ts';
import type { HarvesterConfig } from '../../src/harvest/harvest-model.ts';
import { HostThrottle } from '../../src/harvest/protocols/oai-pmh.ts';

/** Both stores: every store-dependent suite runs on each. */
export const STORE_KINDS = ['sqlite', 'postgres'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** The PostgreSQL server the test command found or started (scripts/test.mjs). */
function adminUrl(): string {
  const url = process.env.LEERGOED_TEST_PG_URL;
  if (!url)
    throw new Error('LEERGOED_TEST_PG_URL is not set: run the tests with `npm test`, which provides PostgreSQL.');
  return url;
}

/** A fresh, empty store of the given kind, and a function that removes it again. */
export async function freshDatabaseUrl(kind: StoreKind): Promise<{ url: string; drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'leergoed-test-'));
    return {
      url: `sqlite:${join(dir, 'test.sqlite')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `leergoed_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl() });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** A migrated store with vocabularies, and the services over it. */
export async function testContext(
  kind: StoreKind,
  overrides: Partial<Config> = {},
  harvester: Partial<HarvesterConfig> = {},
): Promise<{ ctx: AppContext; url: string; cleanup(): Promise<void> }> {
  const database = await freshDatabaseUrl(kind);
  // Tests harvest from servers on this machine: private hosts are allowed here (and only here).
  const config = {
    ...loadConfig({
      ...process.env,
      DATABASE_URL: database.url,
      LEERGOED_SECRET: 'test-secret',
      LEERGOED_PUBLIC_URL: 'http://leergoed.test',
      LEERGOED_ALLOW_PRIVATE_HOSTS: 'true',
      LEERGOED_RATE_LIMIT: '1000000',
    }),
    ...overrides,
  };
  const ctx = createContext(config, createLogger('silent'), {
    retry: { attempts: 4, baseDelayMs: 20, maxDelayMs: 2000 },
    throttle: new HostThrottle(0),
    ...harvester,
  });
  await migrateToLatest(ctx.store);
  await seedVocabularies(ctx.store.db, ctx.vocab);
  return {
    ctx,
    url: database.url,
    async cleanup() {
      await ctx.close();
      await database.drop();
    },
  };
}

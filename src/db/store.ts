import { Kysely, Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { StoreDialect } from './dialects/dialect.ts';
import { postgresDialect } from './dialects/postgres.ts';
import { sqliteDialect } from './dialects/sqlite.ts';
import * as foundation from './migrations/0001-foundation.ts';
import * as harvest from './migrations/0002-harvest.ts';
import * as search from './migrations/0003-search.ts';
import * as lessons from './migrations/0004-lessons.ts';
import * as lti from './migrations/0005-lti.ts';
import * as oai from './migrations/0006-oai.ts';
import * as apiKeys from './migrations/0007-api-keys.ts';
import * as datestampPerSet from './migrations/0008-datestamp-per-set.ts';
import * as communities from './migrations/0009-communities.ts';
import * as security from './migrations/0010-security.ts';
import * as selfService from './migrations/0011-self-service.ts';
import * as onboarding from './migrations/0012-onboarding.ts';
import * as quality from './migrations/0013-quality.ts';
import * as reviews from './migrations/0014-reviews.ts';
import * as marks from './migrations/0015-marks.ts';
import * as objectiveVotes from './migrations/0016-objective-votes.ts';
import * as curation from './migrations/0017-curation.ts';
import type { Database } from './schema.ts';

/** The store: a Kysely instance on SQLite or PostgreSQL with its dialect (the search engine that fits it: `search/engines.ts`). */
export interface Store {
  db: Kysely<Database>;
  dialect: StoreDialect;
  close(): Promise<void>;
}

/** Opens the store named by a `DATABASE_URL` (`sqlite:…` or `postgres://…`). */
export function openStore(url: string, baseDir: string, options: { pgPoolSize?: number } = {}): Store {
  let dialect: StoreDialect;
  if (url.startsWith('sqlite:')) dialect = sqliteDialect(url, baseDir);
  else if (/^postgres(ql)?:\/\//.test(url)) dialect = postgresDialect(url, options.pgPoolSize);
  else
    throw new Error(`DATABASE_URL must start with sqlite: or postgres://, got "${url.replace(/\/\/[^@]*@/, '//…@')}"`);
  const db = new Kysely<Database>({ dialect: dialect.kysely });
  return { db, dialect, close: () => db.destroy() };
}

/** The ordered list of migrations, named so their order is their name's order. */
function migrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    '0001-foundation': { up: (db) => foundation.up(db, dialect) },
    '0002-harvest': { up: (db) => harvest.up(db) },
    '0003-search': { up: (db) => search.up(db, dialect) },
    '0004-lessons': { up: (db) => lessons.up(db) },
    '0005-lti': { up: (db) => lti.up(db) },
    '0006-oai': { up: (db) => oai.up(db) },
    '0007-api-keys': { up: (db) => apiKeys.up(db) },
    '0008-datestamp-per-set': { up: (db) => datestampPerSet.up(db) },
    '0009-communities': { up: (db) => communities.up(db) },
    '0010-security': { up: (db) => security.up(db, dialect) },
    '0011-self-service': { up: (db) => selfService.up(db) },
    '0012-onboarding': { up: (db) => onboarding.up(db) },
    '0013-quality': { up: (db) => quality.up(db) },
    '0014-reviews': { up: (db) => reviews.up(db) },
    '0015-marks': { up: (db) => marks.up(db) },
    '0016-objective-votes': { up: (db) => objectiveVotes.up(db) },
    '0017-curation': { up: (db) => curation.up(db) },
  };
}

function migrator(store: Store): Migrator {
  const provider: MigrationProvider = { getMigrations: async () => migrations(store.dialect) };
  return new Migrator({ db: store.db, provider });
}

/** Applies pending migrations; throws with the failing migration's name on error. */
export async function migrateToLatest(store: Store): Promise<string[]> {
  const { error, results } = await migrator(store).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(
      `Migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Applies the migrations up to and including `name` (a restore into the schema a backup was made on). */
export async function migrateUpTo(store: Store, name: string): Promise<void> {
  const known = Object.keys(migrations(store.dialect));
  if (!known.includes(name)) throw new Error(`Migration ${name} is unknown to this version of Leergoed.`);
  const { error } = await migrator(store).migrateTo(name);
  if (error) throw new Error(`Migration to ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
}

/** Which migrations are applied and which are pending, for `/readyz`. */
export async function migrationState(store: Store): Promise<{ applied: string[]; pending: string[] }> {
  const all = await migrator(store).getMigrations();
  return {
    applied: all.filter((m) => m.executedAt).map((m) => m.name),
    pending: all.filter((m) => !m.executedAt).map((m) => m.name),
  };
}

import type { Kysely } from 'kysely';
import { badRequest } from '../kernel/errors.ts';
import { KINDS, type Kind } from '../catalogue/model.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { ResourceView } from '../catalogue/view.ts';
import { publishRepository } from './repository.ts';
import type { Database } from '../db/schema.ts';

/**
 * Taking the catalogue out: the whole of it as JSON Lines (one resource a line, as the API shows
 * it), streamed in batches so memory stays flat; and a changes feed that a mirror follows to stay
 * in step (upserts and withdrawals in the order they happened, with a cursor to continue from).
 */

const BATCH = 500;

/** The published resources as JSON Lines, in id order; `kind` narrows them. */
export async function* exportLines(
  db: Kysely<Database>,
  catalogue: CatalogueService,
  options: { kind?: Kind | null } = {},
): AsyncGenerator<string> {
  if (options.kind && !KINDS.includes(options.kind))
    throw badRequest('LG_VALIDATION', `kind must be one of ${KINDS.join(', ')}.`);
  let after = '';
  for (;;) {
    // In key order, the few drafts and withdrawn ones passed over here: a status condition in the
    // query would draw the planner to the status index and a sort of the whole catalogue per batch.
    const rows = await publishRepository.exportBatch(db, after, options.kind ?? null, BATCH);
    if (rows.length === 0) return;
    const wanted = rows.filter((r) => r.status === 'published');
    let chunk = '';
    for (const view of await catalogue.present(wanted)) chunk += `${JSON.stringify(view)}\n`;
    if (chunk) yield chunk;
    after = rows[rows.length - 1]!.id;
  }
}

export interface Change {
  id: string;
  type: 'upsert' | 'withdrawn';
  changedAt: string;
  /** The resource as the API shows it (upserts), or its tombstone (withdrawals). */
  resource: ResourceView | null;
}

export interface ChangePage {
  items: Change[];
  next: string;
  more: boolean;
}

function decodeCursor(since: string): [string, string] {
  if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/.test(since) && !Number.isNaN(Date.parse(since)))
    return [new Date(since).toISOString(), ''];
  try {
    const value = JSON.parse(Buffer.from(since, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string'))
      return value as [string, string];
  } catch {
    /* below */
  }
  throw badRequest(
    'LG_BAD_CURSOR',
    '`since` is an ISO date or time (2026-01-31, 2026-01-31T12:00:00Z) or the `next` of an earlier page.',
  );
}

const encodeCursor = (at: string, id: string) => Buffer.from(JSON.stringify([at, id])).toString('base64url');

/**
 * The changes after `since` (a date, a time or the `next` cursor of the previous page), oldest first:
 * every resource published, changed or withdrawn, each once at its latest state. Follow `next` until
 * `more` is false; keep the last `next` to ask again later.
 */
export async function changes(
  db: Kysely<Database>,
  catalogue: CatalogueService,
  since: string,
  limit: number,
): Promise<ChangePage> {
  const [at, id] = decodeCursor(since);
  const rows = await publishRepository.changedAfter(db, at, id, limit + 1);
  const page = rows.slice(0, limit);
  const views = new Map((await catalogue.present(page)).map((v) => [v.id, v]));
  const items: Change[] = page.map((r) => ({
    id: r.id,
    type: r.status === 'withdrawn' ? 'withdrawn' : 'upsert',
    changedAt: r.updated_at,
    resource: views.get(r.id) ?? null,
  }));
  const last = page[page.length - 1];
  return {
    items,
    next: last ? encodeCursor(last.updated_at, last.id) : encodeCursor(at, id),
    more: rows.length > limit,
  };
}

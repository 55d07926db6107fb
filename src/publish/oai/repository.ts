import type { Kysely } from 'kysely';
import { selectPresentable } from '../../catalogue/rows.ts';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

/** A record's header columns (ListIdentifiers, GetRecord, deletions). */
export type Row = {
  id: string;
  status: string;
  kind: string;
  organisation_id: string | null;
  source_id: string | null;
  updated_at: string;
  withdrawn_at: string | null;
};
const HEADER_COLUMNS = ['id', 'status', 'kind', 'organisation_id', 'source_id', 'updated_at', 'withdrawn_at'] as const;

/** What a list selects: published and withdrawn resources, in a set and a time span. */
export interface Selection {
  set: string | null;
  from: string | null;
  until: string | null;
  /** EDM holds licensed heritage objects (and the deletions of heritage objects) only. */
  licensedHeritageOnly: boolean;
}

function selected(db: Db, selection: Selection) {
  // (Not `status in (published, withdrawn)`: that would draw the planner to the status index and a sort.)
  let q = db.selectFrom('resource').where('status', '<>', 'draft');
  if (selection.licensedHeritageOnly) {
    q = q
      .where('kind', '=', 'heritage')
      .where((eb) => eb.or([eb('status', '=', 'withdrawn'), eb('licence_uri', 'is not', null)]));
  }
  const set = selection.set;
  if (set?.startsWith('kind:')) q = q.where('kind', '=', set.slice(5));
  if (set === 'institution') q = q.where('organisation_id', 'is not', null);
  if (set?.startsWith('institution:')) q = q.where('organisation_id', '=', set.slice(12));
  if (set === 'collection') q = q.where('source_id', 'is not', null);
  if (set?.startsWith('collection:')) q = q.where('source_id', '=', set.slice(11));
  if (set === 'community') q = q.where('id', 'in', (eb) => eb.selectFrom('community_item').select('resource_id'));
  if (set?.startsWith('community:'))
    q = q.where('id', 'in', (eb) =>
      eb.selectFrom('community_item').select('resource_id').where('community_id', '=', set.slice(10)),
    );
  if (selection.from)
    q = q.where(
      'updated_at',
      '>=',
      selection.from.length === 10 ? `${selection.from}T00:00:00.000Z` : `${selection.from.slice(0, 19)}.000Z`,
    );
  if (selection.until)
    q = q.where(
      'updated_at',
      '<=',
      selection.until.length === 10 ? `${selection.until}T23:59:59.999Z` : `${selection.until.slice(0, 19)}.999Z`,
    );
  return q;
}

/** SQL of the OAI-PMH provider. */
export const oaiRepository = {
  /** The first datestamp (in datestamp order: min() with a status condition would scan the status index instead). */
  async earliestDatestamp(db: Db): Promise<string | null> {
    const row = await db
      .selectFrom('resource')
      .select('updated_at as first')
      .where('status', '<>', 'draft')
      .orderBy('updated_at')
      .limit(1)
      .executeTakeFirst();
    return (row?.first as string | undefined) ?? null;
  },

  /** The header of a published or withdrawn resource. */
  async header(db: Db, id: string): Promise<Row | undefined> {
    return db
      .selectFrom('resource')
      .select(HEADER_COLUMNS)
      .where('id', '=', id)
      .where('status', 'in', ['published', 'withdrawn'])
      .executeTakeFirst();
  },

  /**
   * A page of a list in datestamp order after `after` (updated_at, id): whole presentable rows for
   * ListRecords, headers for ListIdentifiers.
   */
  async page(db: Db, selection: Selection, records: boolean, after: [string, string] | null, limit: number) {
    const base = selected(db, selection);
    return (
      (await (records ? selectPresentable(base) : base.select(HEADER_COLUMNS))
        // A row comparison: the index walks on from the token's position (an OR of the two cases would rescan from the start).
        .$if(after !== null, (q) =>
          q.where((eb) => eb(eb.refTuple('updated_at', 'id'), '>', eb.tuple(after![0], after![1]))),
        )
        .orderBy('updated_at')
        .orderBy('id')
        .limit(limit)
        .execute()) as Row[]
    );
  },

  async count(db: Db, selection: Selection): Promise<number> {
    const row = await selected(db, selection)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },

  /** Institutions, collections and communities that have published or withdrawn resources (the sets). */
  async setsWithRecords(db: Db) {
    const organisations = await db
      .selectFrom('organisation')
      .select(['id', 'name'])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('resource')
            .select('resource.id')
            .whereRef('resource.organisation_id', '=', 'organisation.id')
            .where('resource.status', 'in', ['published', 'withdrawn']),
        ),
      )
      .orderBy('name')
      .execute();
    const collections = await db
      .selectFrom('source')
      .leftJoin('organisation', 'organisation.id', 'source.organisation_id')
      .select(['source.id', 'source.name', 'organisation.name as organisation'])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('resource')
            .select('resource.id')
            .whereRef('resource.source_id', '=', 'source.id')
            .where('resource.status', 'in', ['published', 'withdrawn']),
        ),
      )
      .orderBy('organisation.name')
      .orderBy('source.name')
      .execute();
    const communities = await db
      .selectFrom('community')
      .select(['id', 'name'])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('community_item')
            .innerJoin('resource', 'resource.id', 'community_item.resource_id')
            .select('resource.id')
            .whereRef('community_item.community_id', '=', 'community.id')
            .where('resource.status', 'in', ['published', 'withdrawn']),
        ),
      )
      .orderBy('name')
      .orderBy('id')
      .execute();
    return { organisations, collections, communities };
  },
};

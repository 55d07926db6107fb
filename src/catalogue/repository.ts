import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { Database, ObjectiveDecisionTable, ObjectiveVoteTable, ResourceTable } from '../db/schema.ts';
import type { IndexWriter, SearchDocument } from '../search/engine/search-index.ts';
import type { TermScheme } from '../search/engine/terms.ts';

import { selectPresentable, type NewResourceRow, type PresentableRow, type ResourceRow } from './rows.ts';

export type ResourceRowUpdate = Updateable<ResourceTable>;

type Db = Kysely<Database>;

/** SQL of the catalogue: resources, their terms and search documents. No rules live here. */
export class ResourceRepository {
  constructor(private readonly search: IndexWriter) {}

  async insert(db: Db, row: NewResourceRow): Promise<void> {
    await db.insertInto('resource').values(row).execute();
  }

  async update(db: Db, id: string, row: ResourceRowUpdate): Promise<void> {
    await db.updateTable('resource').set(row).where('id', '=', id).execute();
  }

  async findById(db: Db, id: string): Promise<ResourceRow | undefined> {
    return db.selectFrom('resource').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Resources to show, by id (in no particular order). */
  async findByIds(db: Db, ids: string[]): Promise<PresentableRow[]> {
    if (ids.length === 0) return [];
    return selectPresentable(db.selectFrom('resource')).where('id', 'in', ids).execute();
  }

  /** Provenance of many records of one source at once, by original identifier. */
  async findManyByProvenance(
    db: Db,
    sourceId: string,
    originalIds: string[],
  ): Promise<Map<string, Pick<ResourceRow, 'id' | 'record_hash' | 'status' | 'created_at'>>> {
    const found = new Map<string, Pick<ResourceRow, 'id' | 'record_hash' | 'status' | 'created_at'>>();
    for (let i = 0; i < originalIds.length; i += 500) {
      const rows = await db
        .selectFrom('resource')
        .select(['id', 'record_hash', 'status', 'created_at', 'original_id'])
        .where('source_id', '=', sourceId)
        .where('original_id', 'in', originalIds.slice(i, i + 500))
        .execute();
      for (const { original_id, ...row } of rows) found.set(original_id!, row);
    }
    return found;
  }

  /** Inserts many new resources (in chunks that stay under the stores' parameter limits). */
  async insertMany(db: Db, rows: NewResourceRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200)
      await db
        .insertInto('resource')
        .values(rows.slice(i, i + 200))
        .execute();
  }

  /** Inserts the terms of new resources. */
  async insertTerms(db: Db, terms: { resourceId: string; scheme: TermScheme; conceptId: string }[]): Promise<void> {
    const unique = new Map(
      terms.map((t) => [
        `${t.resourceId}\u0000${t.scheme}\u0000${t.conceptId}`,
        { resource_id: t.resourceId, scheme: t.scheme, concept_id: t.conceptId },
      ]),
    );
    const rows = [...unique.values()];
    for (let i = 0; i < rows.length; i += 2000)
      await db
        .insertInto('resource_term')
        .values(rows.slice(i, i + 2000))
        .execute();
  }

  /** Indexes the text of new resources. */
  async indexNew(db: Db, docs: SearchDocument[]): Promise<void> {
    await this.search.insertMany(db, docs);
  }

  /** Sets the terms of a resource; `isNew` skips deleting terms a new resource cannot have. */
  async replaceTerms(
    db: Db,
    id: string,
    terms: { scheme: TermScheme; conceptId: string }[],
    isNew = false,
  ): Promise<void> {
    if (!isNew) await db.deleteFrom('resource_term').where('resource_id', '=', id).execute();
    const unique = new Map(terms.map((t) => [`${t.scheme}\u0000${t.conceptId}`, t]));
    if (unique.size === 0) return;
    await db
      .insertInto('resource_term')
      .values([...unique.values()].map((t) => ({ resource_id: id, scheme: t.scheme, concept_id: t.conceptId })))
      .execute();
  }

  async indexText(db: Db, doc: SearchDocument, isNew = false): Promise<void> {
    await this.search.upsert(db, doc, isNew);
  }

  async removeText(db: Db, id: string): Promise<void> {
    await this.search.remove(db, id);
  }

  /** The sources resources came from, by id. */
  async sourcesByIds(db: Db, ids: string[]): Promise<{ id: string; name: string; type: string }[]> {
    return db.selectFrom('source').select(['id', 'name', 'type']).where('id', 'in', ids).execute();
  }

  /** The learning objectives teachers or curators confirmed for each resource, in the order they were confirmed. */
  async acceptedObjectives(db: Db, ids: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db
        .selectFrom('objective_decision')
        .select(['resource_id', 'objective_id'])
        .where('resource_id', 'in', ids.slice(i, i + 500))
        .where('decision', '=', 'accepted')
        .orderBy('decided_at')
        .execute();
      for (const r of rows) out.set(r.resource_id, [...(out.get(r.resource_id) ?? []), r.objective_id]);
    }
    return out;
  }

  /** Whole rows after `after` in id order (a rebuild reads every resource in batches). */
  async rowsAfter(db: Db, after: string, limit: number): Promise<ResourceRow[]> {
    return db.selectFrom('resource').selectAll().where('id', '>', after).orderBy('id').limit(limit).execute();
  }

  async deleteTerms(db: Db, ids: string[]): Promise<void> {
    await db.deleteFrom('resource_term').where('resource_id', 'in', ids).execute();
  }

  /** The decisions on a resource's suggested objectives, with the deciders' names. */
  async objectiveDecisions(db: Db, resourceId: string) {
    return db
      .selectFrom('objective_decision as d')
      .innerJoin('app_user as u', 'u.id', 'd.decided_by')
      .select(['d.objective_id', 'd.decision', 'd.decided_at', 'u.name'])
      .where('d.resource_id', '=', resourceId)
      .execute();
  }

  /** The votes on a resource's suggested objectives, with whether each is the person's own. */
  async objectiveVotes(db: Db, resourceId: string) {
    return db
      .selectFrom('objective_vote')
      .select(['objective_id', 'vote', 'user_id'])
      .where('resource_id', '=', resourceId)
      .execute();
  }

  /** Records a person's vote on an objective, replacing their earlier one. */
  async replaceObjectiveVote(db: Db, row: Insertable<ObjectiveVoteTable>): Promise<void> {
    await db
      .deleteFrom('objective_vote')
      .where('resource_id', '=', row.resource_id)
      .where('objective_id', '=', row.objective_id)
      .where('user_id', '=', row.user_id)
      .execute();
    await db.insertInto('objective_vote').values(row).execute();
  }

  /** Records a decision on an objective, replacing an earlier one on the same objective. */
  async replaceObjectiveDecision(db: Db, row: Insertable<ObjectiveDecisionTable>): Promise<void> {
    await db
      .deleteFrom('objective_decision')
      .where('resource_id', '=', row.resource_id)
      .where('objective_id', '=', row.objective_id)
      .execute();
    await db.insertInto('objective_decision').values(row).execute();
  }

  /** The published resources of a source, with their identifiers there. */
  async publishedOfSource(db: Db, sourceId: string): Promise<{ id: string; original_id: string | null }[]> {
    return db
      .selectFrom('resource')
      .select(['id', 'original_id'])
      .where('source_id', '=', sourceId)
      .where('status', '=', 'published')
      .execute();
  }

  /** Published resources with these identifiers at their sources. */
  async publishedByOriginalIds(db: Db, originalIds: string[]): Promise<{ id: string; original_id: string | null }[]> {
    if (originalIds.length === 0) return [];
    return db
      .selectFrom('resource')
      .select(['id', 'original_id'])
      .where('original_id', 'in', originalIds)
      .where('status', '=', 'published')
      .execute();
  }

  /** A published lesson whose title starts with `prefix`. */
  async publishedLessonByTitle(db: Db, prefix: string): Promise<string | undefined> {
    const row = await db
      .selectFrom('resource')
      .select('id')
      .where('kind', '=', 'lesson')
      .where('title', 'like', `${prefix}%`)
      .where('status', '=', 'published')
      .executeTakeFirst();
    return row?.id;
  }

  async countAll(db: Db): Promise<number> {
    const row = await db
      .selectFrom('resource')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}

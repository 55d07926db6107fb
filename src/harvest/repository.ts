import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, ImportFileTable, ImportIssueTable, ImportRunTable, SourceTable } from '../db/schema.ts';
import type { ImportOutcome } from '../catalogue/view.ts';
import { cleanText } from '../kernel/text.ts';

export type SourceRow = Selectable<SourceTable>;
export type ImportRunRow = Selectable<ImportRunTable>;
/** A run with the names of who started it (a person's display name, an API key's name). */
export type ImportRunView = ImportRunRow & { started_by_name: string | null; started_by_key_name: string | null };
export type ImportIssueRow = Selectable<ImportIssueTable>;
export type ImportFileRow = Selectable<ImportFileTable>;
type Db = Kysely<Database>;

/** Longest error or reason kept with a run or a record: enough to act on, never a whole file. */
export const MAX_REASON = 2000;
/** Longest raw record kept with a quarantined record. */
export const MAX_ISSUE_RAW = 1_000_000;
/** Text cut to `max` characters (marked with …), without characters XML does not allow. */
export function clipText(text: string, max: number): string {
  return cleanText(text.length > max ? `${text.slice(0, max - 1)}…` : text);
}
const clip = (text: string | null | undefined, max: number) => (text == null ? text : clipText(text, max));

/** SQL of sources, import runs and the issues (failed records) of a run. */
export const harvestRepository = {
  async findSourceByName(db: Db, name: string): Promise<SourceRow | undefined> {
    return db.selectFrom('source').selectAll().where('name', '=', name).executeTakeFirst();
  },
  async findSource(db: Db, id: string): Promise<SourceRow | undefined> {
    return db.selectFrom('source').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async insertSource(db: Db, row: Insertable<SourceTable>): Promise<void> {
    await db.insertInto('source').values(row).execute();
  },
  async listSources(db: Db): Promise<SourceRow[]> {
    return db.selectFrom('source').selectAll().orderBy('name').execute();
  },
  async insertRun(db: Db, row: Insertable<ImportRunTable>): Promise<void> {
    await db
      .insertInto('import_run')
      .values({ ...row, error: clip(row.error, MAX_REASON), location: clip(row.location, MAX_REASON)! })
      .execute();
  },
  async updateRun(db: Db, id: string, values: Partial<ImportRunRow>): Promise<void> {
    await db
      .updateTable('import_run')
      .set(values.error ? { ...values, error: clip(values.error, MAX_REASON) } : values)
      .where('id', '=', id)
      .execute();
  },
  async findRun(db: Db, id: string): Promise<ImportRunView | undefined> {
    return runsWithStarters(db).where('import_run.id', '=', id).executeTakeFirst();
  },
  /**
   * The newest runs, of one source or all, of the given organisations' sources only (null: of all),
   * so a limit counts only runs the asker may see.
   */
  async listRuns(
    db: Db,
    sourceId: string | null,
    limit: number,
    organisationIds: string[] | null = null,
  ): Promise<ImportRunView[]> {
    let query = runsWithStarters(db)
      .orderBy('import_run.started_at', 'desc')
      .orderBy('import_run.id', 'desc')
      .limit(limit);
    if (sourceId) query = query.where('import_run.source_id', '=', sourceId);
    if (organisationIds) {
      if (organisationIds.length === 0) return [];
      query = query.where(
        'import_run.source_id',
        'in',
        db.selectFrom('source').select('id').where('organisation_id', 'in', organisationIds),
      );
    }
    return query.execute();
  },
  async insertFile(
    db: Db,
    row: { run_id: string; name: string; bytes: Buffer; options: string; created_at: string },
  ): Promise<void> {
    await db.insertInto('import_file').values(row).execute();
  },
  async findFile(db: Db, runId: string): Promise<ImportFileRow | undefined> {
    return db.selectFrom('import_file').selectAll().where('run_id', '=', runId).executeTakeFirst();
  },
  async deleteFile(db: Db, runId: string): Promise<void> {
    await db.deleteFrom('import_file').where('run_id', '=', runId).execute();
  },
  async deleteFilesBefore(db: Db, before: string): Promise<number> {
    const result = await db.deleteFrom('import_file').where('created_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
  /** File runs (uploads, command-line imports) still marked running whose heartbeat stopped before `before`. */
  async staleFileRuns(db: Db, before: string): Promise<ImportRunRow[]> {
    return db
      .selectFrom('import_run')
      .selectAll()
      .where('status', '=', 'running')
      .where('kind', '=', 'file')
      .where((eb) =>
        eb.or([
          eb('heartbeat_at', '<', before),
          eb.and([eb('heartbeat_at', 'is', null), eb('started_at', '<', before)]),
        ]),
      )
      .execute();
  },

  async insertIssues(db: Db, rows: Insertable<ImportIssueTable>[]): Promise<void> {
    if (rows.length === 0) return;
    await db
      .insertInto('import_issue')
      .values(
        rows.map((row) => ({
          ...row,
          reason: clip(row.reason, MAX_REASON)!,
          original_id: clip(row.original_id, MAX_REASON),
          raw_record: clip(row.raw_record, MAX_ISSUE_RAW),
        })),
      )
      .execute();
  },
  async listIssues(db: Db, runId: string): Promise<ImportIssueRow[]> {
    return db.selectFrom('import_issue').selectAll().where('run_id', '=', runId).orderBy('created_at').execute();
  },
  async updateSource(db: Db, id: string, values: Updateable<SourceTable>): Promise<void> {
    await db.updateTable('source').set(values).where('id', '=', id).execute();
  },
  /** Enabled sources with a schedule whose next run is due at `now`. */
  async dueSources(db: Db, now: string): Promise<{ id: string; schedule: string | null }[]> {
    return db
      .selectFrom('source')
      .select(['id', 'schedule'])
      .where('enabled', '=', 1)
      .where('schedule', 'is not', null)
      .where('next_run_at', '<=', now)
      .execute();
  },
  async updateIssue(db: Db, id: string, values: Updateable<ImportIssueTable>): Promise<void> {
    await db.updateTable('import_issue').set(values).where('id', '=', id).execute();
  },
  /** Moves one record of a run from one count to another (a quarantined record applied on retry). */
  async moveCount(db: Db, runId: string, from: ImportOutcome, to: ImportOutcome): Promise<void> {
    await db
      .updateTable('import_run')
      .set((eb) => ({ [from]: eb(from, '-', 1), [to]: eb(to, '+', 1) }))
      .where('id', '=', runId)
      .execute();
  },
};

function runsWithStarters(db: Db) {
  return db
    .selectFrom('import_run')
    .leftJoin('app_user', 'app_user.id', 'import_run.started_by')
    .leftJoin('api_key', 'api_key.id', 'import_run.started_by_key')
    .selectAll('import_run')
    .select(['app_user.name as started_by_name', 'api_key.name as started_by_key_name']);
}

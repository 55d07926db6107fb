import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, ImportIssueTable, ImportRunTable, SourceTable } from '../db/schema.ts';

export type SourceRow = Selectable<SourceTable>;
export type ImportRunRow = Selectable<ImportRunTable>;
export type ImportIssueRow = Selectable<ImportIssueTable>;
type Db = Kysely<Database>;

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
    await db.insertInto('import_run').values(row).execute();
  },
  async updateRun(db: Db, id: string, values: Partial<ImportRunRow>): Promise<void> {
    await db.updateTable('import_run').set(values).where('id', '=', id).execute();
  },
  async findRun(db: Db, id: string): Promise<ImportRunRow | undefined> {
    return db.selectFrom('import_run').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async listRuns(db: Db, sourceId: string | null, limit: number): Promise<ImportRunRow[]> {
    let query = db.selectFrom('import_run').selectAll().orderBy('started_at', 'desc').limit(limit);
    if (sourceId) query = query.where('source_id', '=', sourceId);
    return query.execute();
  },
  async insertIssues(db: Db, rows: Insertable<ImportIssueTable>[]): Promise<void> {
    if (rows.length > 0) await db.insertInto('import_issue').values(rows).execute();
  },
  async listIssues(db: Db, runId: string): Promise<ImportIssueRow[]> {
    return db.selectFrom('import_issue').selectAll().where('run_id', '=', runId).orderBy('created_at').execute();
  },
};

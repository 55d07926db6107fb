import { sql, type Kysely } from 'kysely';

/** Harvest sources with schedules and checkpoints, quarantine resolution, and job leases. */
export async function up(db: Kysely<any>): Promise<void> {
  const add = async (
    table: string,
    column: string,
    type: 'text' | 'integer',
    options: { notNull?: boolean; default?: string | number } = {},
  ) => {
    await db.schema
      .alterTable(table)
      .addColumn(column, type, (c) => {
        let col = c;
        if (options.default !== undefined) col = col.defaultTo(options.default);
        if (options.notNull) col = col.notNull();
        return col;
      })
      .execute();
  };
  await add('source', 'metadata_prefix', 'text');
  await add('source', 'set_spec', 'text');
  await add('source', 'schedule', 'text');
  await add('source', 'enabled', 'integer', { notNull: true, default: 1 });
  /** The `from` of the next incremental harvest: the responseDate of the last successful one. */
  await add('source', 'harvest_from', 'text');
  await add('source', 'next_run_at', 'text');
  await add('source', 'updated_at', 'text');

  await add('import_run', 'kind', 'text', { notNull: true, default: 'file' });
  await add('import_run', 'pages', 'integer', { notNull: true, default: 0 });
  /** Checkpoint: the token of the next page to ask, committed with the records of the page before it. */
  await add('import_run', 'resumption_token', 'text');
  await add('import_run', 'request_from', 'text');
  await add('import_run', 'response_date', 'text');
  await add('import_run', 'complete_list_size', 'integer');
  await add('import_run', 'heartbeat_at', 'text');
  /** The process running the harvest (`host:pid`), to tell a crashed run from a live one. */
  await add('import_run', 'owner', 'text');

  await add('import_issue', 'resolved_at', 'text');
  await add('import_issue', 'source_id', 'text');

  await add('job', 'locked_by', 'text');
  await add('job', 'singleton_key', 'text');
  // One queued or running job per key (e.g. one harvest per source).
  await db.schema
    .createIndex('job_singleton')
    .unique()
    .on('job')
    .column('singleton_key')
    .where(sql<boolean>`singleton_key is not null and status in ('queued', 'running')`)
    .execute();
}

import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from '../dialects/dialect.ts';

/** The first data model: catalogue, vocabularies, organisations, imports, accounts, usage, jobs. */
export async function up(db: Kysely<any>, dialect: StoreDialect): Promise<void> {
  await db.schema
    .createTable('setting')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('organisation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('website', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organisation_name').unique().on('organisation').column('name').execute();

  await db.schema
    .createTable('app_user')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('membership')
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('membership_pk', ['user_id', 'organisation_id'])
    .execute();

  await db.schema
    .createTable('session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('session_expires').on('session').column('expires_at').execute();

  await db.schema
    .createTable('source')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.references('organisation.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('source_name').unique().on('source').column('name').execute();

  await db.schema
    .createTable('import_run')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source_id', 'text', (c) => c.notNull().references('source.id'))
    .addColumn('format', 'text')
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('created', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('withdrawn', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('import_run_source').on('import_run').columns(['source_id', 'started_at']).execute();

  await db.schema
    .createTable('import_issue')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull().references('import_run.id').onDelete('cascade'))
    .addColumn('original_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('raw_record', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_issue_run').on('import_issue').column('run_id').execute();

  await db.schema
    .createTable('resource')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('sort_title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('language', 'text')
    .addColumn('creators', 'text', (c) => c.notNull())
    .addColumn('publisher', 'text')
    .addColumn('organisation_id', 'text', (c) => c.references('organisation.id'))
    .addColumn('url', 'text')
    .addColumn('thumbnail', 'text')
    .addColumn('iiif_manifest', 'text')
    .addColumn('formats', 'text', (c) => c.notNull())
    .addColumn('resource_types', 'text', (c) => c.notNull())
    .addColumn('levels', 'text', (c) => c.notNull())
    .addColumn('subjects', 'text', (c) => c.notNull())
    .addColumn('objectives', 'text', (c) => c.notNull())
    .addColumn('keywords', 'text', (c) => c.notNull())
    .addColumn('licence_uri', 'text')
    .addColumn('rights_raw', 'text')
    .addColumn('rights_status', 'text', (c) => c.notNull())
    .addColumn('metadata_licence_uri', 'text')
    .addColumn('access', 'text', (c) => c.notNull())
    .addColumn('required_statement', 'text')
    .addColumn('date_created', 'text')
    .addColumn('date_modified', 'text')
    .addColumn('period_start', 'integer')
    .addColumn('period_end', 'integer')
    .addColumn('period_text', 'text')
    .addColumn('warnings', 'text', (c) => c.notNull())
    .addColumn('extra', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.references('source.id'))
    .addColumn('original_id', 'text')
    .addColumn('import_run_id', 'text', (c) => c.references('import_run.id'))
    .addColumn('raw_format', 'text')
    .addColumn('raw_record', sql.raw(dialect.binaryType))
    .addColumn('record_hash', 'text')
    .addColumn('created_by', 'text', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_reason', 'text')
    .execute();
  await db.schema
    .createIndex('resource_provenance')
    .unique()
    .on('resource')
    .columns(['source_id', 'original_id'])
    .execute();
  await db.schema.createIndex('resource_sort').on('resource').columns(['status', 'sort_title', 'id']).execute();
  await db.schema.createIndex('resource_organisation').on('resource').column('organisation_id').execute();

  await db.schema
    .createTable('resource_term')
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resource.id').onDelete('cascade'))
    .addColumn('scheme', 'text', (c) => c.notNull())
    .addColumn('concept_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_term_pk', ['resource_id', 'scheme', 'concept_id'])
    .execute();
  await db.schema
    .createIndex('resource_term_concept')
    .on('resource_term')
    .columns(['scheme', 'concept_id', 'resource_id'])
    .execute();

  await db.schema
    .createTable('vocabulary_concept')
    .addColumn('scheme', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('uri', 'text')
    .addColumn('notation', 'text')
    .addColumn('label_nl', 'text', (c) => c.notNull())
    .addColumn('label_en', 'text')
    .addColumn('description', 'text')
    .addColumn('broader', 'text', (c) => c.notNull())
    .addColumn('replaced_by', 'text', (c) => c.notNull())
    .addColumn('deprecated', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('extra', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vocabulary_concept_pk', ['scheme', 'id'])
    .execute();

  await db.schema
    .createTable('usage_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text')
    .addColumn('query', 'text')
    .addColumn('result_count', 'integer')
    .addColumn('filters', 'text')
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('usage_event_day').on('usage_event').columns(['occurred_on', 'type']).execute();

  await db.schema
    .createTable('job')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('job_due').on('job').columns(['status', 'run_at']).execute();

  // The search index's structures are made by 0003-search (they changed; this one made their first form).
}

import { sql, type Insertable, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { Database, ResourceTable } from '../db/schema.ts';

// The resource rows as the catalogue presents them. Other capabilities' repositories (the OAI-PMH
// provider, the export) select resources with `selectPresentable` and hand the rows to the
// catalogue's presenter, so a resource looks the same wherever it is read.

export type ResourceRow = Selectable<ResourceTable>;
export type NewResourceRow = Insertable<ResourceTable>;
/** A resource as it is shown: every column but the raw record, of which it only says whether there is one. */
export type PresentableRow = Omit<ResourceRow, 'raw_record' | 'record_hash'> & { has_raw_record: boolean | number };

/** The columns of a PresentableRow (the raw record, often kilobytes, stays in the store). */
const PRESENTABLE = [
  'id',
  'kind',
  'status',
  'title',
  'sort_title',
  'description',
  'language',
  'creators',
  'publisher',
  'organisation_id',
  'url',
  'thumbnail',
  'iiif_manifest',
  'formats',
  'resource_types',
  'levels',
  'subjects',
  'objectives',
  'keywords',
  'licence_uri',
  'rights_raw',
  'rights_status',
  'metadata_licence_uri',
  'access',
  'required_statement',
  'date_created',
  'date_modified',
  'period_start',
  'period_end',
  'period_text',
  'warnings',
  'extra',
  'source_id',
  'original_id',
  'import_run_id',
  'raw_format',
  'created_by',
  'created_at',
  'updated_at',
  'withdrawn_at',
  'withdrawn_reason',
] as const satisfies readonly (keyof Omit<ResourceTable, 'raw_record' | 'record_hash'>)[];

/** A query of resources that selects what presenting them needs (see PresentableRow). */
export function selectPresentable<O>(query: SelectQueryBuilder<Database, 'resource', O>) {
  return query.select(PRESENTABLE).select(sql<boolean | number>`raw_record is not null`.as('has_raw_record'));
}

export function json<T>(value: string | null | undefined, fallback: T): T {
  if (!value) return fallback;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
}

import { CronExpressionParser } from 'cron-parser';
import type { Kysely } from 'kysely';
import { organisations } from '../accounts/organisations.ts';
import { canImportFor, type InstitutionActor } from '../accounts/model.ts';
import { badRequest, forbidden, notFound } from '../kernel/errors.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import { KINDS, type Kind } from '../catalogue/model.ts';
import type { Database } from '../db/schema.ts';
import { DEFAULT_LIMITS, HttpError, checkUrl } from '../kernel/fetch.ts';
import { harvestRepository, type SourceRow } from './repository.ts';

export const SOURCE_TYPES = ['oai-pmh', 'iiif-collection', 'file-url', 'nde-dataset'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/** What an editor sends to add or change a source. */
export interface SourceInput {
  organisationId: string;
  name: string;
  type: SourceType;
  url: string;
  metadataPrefix?: string | null;
  set?: string | null;
  schedule?: string | null;
  enabled?: boolean;
  /** The kind of records whose format does not say (NL-LOM, oai_dc, CSV); null: the format's default. */
  kind?: Kind | null;
}

/** The next time a cron schedule fires after `after`, or throws a clear error for a bad expression. */
export function nextRun(schedule: string, after = new Date()): Date {
  try {
    return CronExpressionParser.parse(schedule, { currentDate: after, tz: 'Europe/Amsterdam' }).next().toDate();
  } catch (error) {
    throw badRequest(
      'LG_BAD_SCHEDULE',
      `"${schedule}" is not a cron schedule (e.g. "0 3 * * *" for 03:00 every day): ${(error as Error).message}`,
    );
  }
}

/** Sources of institutions: add, change, pause, list. */
export class SourcesService {
  constructor(private readonly db: Kysely<Database>) {}

  private validate(input: Partial<SourceInput>): void {
    if (input.name !== undefined && !input.name.trim()) throw badRequest('LG_SOURCE_NAME', 'A source needs a name.');
    if (input.kind !== undefined && input.kind !== null && !KINDS.includes(input.kind))
      throw badRequest('LG_SOURCE_KIND', `Kind must be one of ${KINDS.join(', ')}.`);
    if (input.type !== undefined && !SOURCE_TYPES.includes(input.type))
      throw badRequest('LG_SOURCE_TYPE', `Type must be one of ${SOURCE_TYPES.join(', ')}.`);
    if (input.url !== undefined) {
      try {
        checkUrl(input.url, { ...DEFAULT_LIMITS, allowPrivateHosts: true });
      } catch (error) {
        throw badRequest('LG_SOURCE_URL', (error as HttpError).message);
      }
    }
    if (
      input.type === 'oai-pmh' &&
      input.metadataPrefix !== undefined &&
      !/^[A-Za-z0-9_.!~*'()-]+$/.test(input.metadataPrefix ?? '')
    ) {
      throw badRequest(
        'LG_SOURCE_PREFIX',
        'An OAI-PMH source needs a metadata prefix (e.g. nl_lom, lom, oai_dc, edm, lido).',
      );
    }
    if (input.schedule) nextRun(input.schedule);
  }

  private async authorize(actor: InstitutionActor | null, organisationId: string): Promise<void> {
    if (!(await organisations.byId(this.db, organisationId))) throw notFound('Organisation', organisationId);
    if (!canImportFor(actor, organisationId))
      throw forbidden('Only editors of this institution and admins may manage its sources.');
  }

  async create(actor: InstitutionActor | null, input: SourceInput): Promise<SourceRow> {
    this.validate({ ...input, metadataPrefix: input.metadataPrefix ?? null });
    await this.authorize(actor, input.organisationId);
    if (await harvestRepository.findSourceByName(this.db, input.name.trim()))
      throw badRequest('LG_SOURCE_EXISTS', `A source named "${input.name}" exists already.`);
    const row = {
      id: newId(),
      organisation_id: input.organisationId,
      name: input.name.trim(),
      type: input.type,
      url: input.url,
      metadata_prefix: input.metadataPrefix ?? null,
      set_spec: input.set || null,
      schedule: input.schedule || null,
      enabled: input.enabled === false ? 0 : 1,
      harvest_from: null,
      next_run_at: input.schedule ? nextRun(input.schedule).toISOString() : null,
      updated_at: nowIso(),
      created_at: nowIso(),
      default_kind: input.kind ?? null,
    };
    await harvestRepository.insertSource(this.db, row);
    return (await harvestRepository.findSource(this.db, row.id))!;
  }

  async update(
    actor: InstitutionActor | null,
    id: string,
    patch: Partial<Omit<SourceInput, 'organisationId' | 'type'>>,
  ): Promise<SourceRow> {
    const source = await harvestRepository.findSource(this.db, id);
    if (!source) throw notFound('Source', id);
    if (!source.organisation_id)
      throw forbidden('This source belongs to no institution; change it from the command line.');
    await this.authorize(actor, source.organisation_id);
    this.validate({ ...patch, type: source.type as SourceType });
    const schedule = patch.schedule === undefined ? source.schedule : patch.schedule || null;
    await harvestRepository.updateSource(this.db, id, {
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.metadataPrefix !== undefined ? { metadata_prefix: patch.metadataPrefix } : {}),
      ...(patch.set !== undefined ? { set_spec: patch.set || null } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled ? 1 : 0 } : {}),
      ...(patch.kind !== undefined ? { default_kind: patch.kind } : {}),
      schedule,
      next_run_at: schedule ? nextRun(schedule).toISOString() : null,
      updated_at: nowIso(),
    });
    return (await harvestRepository.findSource(this.db, id))!;
  }

  async get(id: string): Promise<SourceRow> {
    const source = await harvestRepository.findSource(this.db, id);
    if (!source) throw notFound('Source', id);
    return source;
  }

  async list(organisationIds: string[] | null): Promise<SourceRow[]> {
    const all = await harvestRepository.listSources(this.db);
    return organisationIds ? all.filter((s) => s.organisation_id && organisationIds.includes(s.organisation_id)) : all;
  }

  /** Finds or creates the source the CLI harvests (`leergoed harvest <url>`). */
  async ensureForCli(input: {
    url: string;
    metadataPrefix: string;
    set: string | null;
    name: string | null;
    organisationId: string | null;
  }): Promise<SourceRow> {
    checkUrl(input.url, { ...DEFAULT_LIMITS, allowPrivateHosts: true });
    const name =
      input.name ?? `${new URL(input.url).host} (${input.metadataPrefix}${input.set ? `, ${input.set}` : ''})`;
    const existing = await harvestRepository.findSourceByName(this.db, name);
    if (existing) {
      if (
        existing.type !== 'oai-pmh' ||
        existing.url !== input.url ||
        existing.metadata_prefix !== input.metadataPrefix ||
        (existing.set_spec ?? null) !== input.set
      ) {
        throw badRequest(
          'LG_SOURCE_EXISTS',
          `A different source named "${name}" exists already; choose another --source name.`,
        );
      }
      return existing;
    }
    const row = {
      id: newId(),
      organisation_id: input.organisationId,
      name,
      type: 'oai-pmh',
      url: input.url,
      metadata_prefix: input.metadataPrefix,
      set_spec: input.set,
      schedule: null,
      enabled: 1,
      harvest_from: null,
      next_run_at: null,
      updated_at: nowIso(),
      created_at: nowIso(),
    };
    await harvestRepository.insertSource(this.db, row);
    return (await harvestRepository.findSource(this.db, row.id))!;
  }
}

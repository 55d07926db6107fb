import type { Kysely } from 'kysely';
import { organisations } from '../accounts/organisations.ts';
import type { Database } from '../db/schema.ts';
import { findLicence, licenceFacts } from '../vocab/licences.ts';
import { type Scheme } from '../vocab/model.ts';
import type { Vocabularies } from '../vocab/vocabulary.ts';
import {
  composeAttribution,
  type Attribution,
  type Creator,
  type Kind,
  type LabelledConcept,
  type LicenceView,
  type Status,
} from './model.ts';
import type { ResourceView } from './view.ts';
import { json, type PresentableRow } from './rows.ts';
import type { ResourceRepository } from './repository.ts';

/**
 * The attribution of a resource, composed when first read: readers that do not show it (the OAI-PMH
 * formats) do not pay for its texts, and whoever reads it, JSON serialization included, sees an
 * ordinary value.
 */
function lazyAttribution(facts: Parameters<typeof composeAttribution>[0]): Attribution {
  let composed: Attribution | null = null;
  const compose = () => (composed ??= composeAttribution(facts));
  return {
    get nl() {
      return compose().nl;
    },
    get en() {
      return compose().en;
    },
  } as Attribution;
}

/**
 * Resources as the API shows them: labels of every concept, the licence and its attribution, the
 * institution and source they come from, and the learning objectives teachers confirmed.
 */
export class ResourcePresenter {
  constructor(
    private readonly database: () => Kysely<Database>,
    private readonly vocab: Vocabularies,
    private readonly repository: ResourceRepository,
  ) {}

  private get db(): Kysely<Database> {
    return this.database();
  }

  private licenceView(uri: string | null, status: string, raw: string | null): LicenceView {
    const concept = uri ? findLicence(uri) : undefined;
    const facts = licenceFacts(uri);
    return {
      uri,
      label: concept?.labelNl ?? null,
      labelEn: concept?.labelEn ?? null,
      notation: concept?.notation ?? null,
      kind: uri ? (uri.includes('rightsstatements.org') ? 'rights-statement' : 'licence') : null,
      reusability: facts?.reusability ?? null,
      status: status as LicenceView['status'],
      raw,
    };
  }

  /** Concept ids with their labels (unknown ids keep the id as label). */
  labelled(schemes: Scheme[], ids: string[]): LabelledConcept[] {
    return ids.map((id) => {
      const c = this.vocab.resolveAny(schemes, id);
      return { id, label: c?.labelNl ?? id, labelEn: c?.labelEn ?? null, uri: c?.uri ?? null };
    });
  }

  /** Shapes rows for the API, with labels, licence, attribution and provenance. */
  async present(rows: PresentableRow[]): Promise<ResourceView[]> {
    const orgIds = [...new Set(rows.map((r) => r.organisation_id).filter((id): id is string => !!id))];
    const sourceIds = [...new Set(rows.map((r) => r.source_id).filter((id): id is string => !!id))];
    const [orgs, sources] = await Promise.all([
      organisations.byIds(this.db, orgIds),
      sourceIds.length ? this.repository.sourcesByIds(this.db, sourceIds) : Promise.resolve([]),
    ]);
    const orgById = new Map(orgs.map((o) => [o.id, o]));
    const sourceById = new Map(sources.map((s) => [s.id, s]));
    const confirmed = await this.repository.acceptedObjectives(
      this.db,
      rows.map((r) => r.id),
    );
    return rows.map((row) => {
      const institution = row.organisation_id ? (orgById.get(row.organisation_id) ?? null) : null;
      const licence = this.licenceView(row.licence_uri, row.rights_status, row.rights_raw);
      const creators = json<Creator[]>(row.creators, []);
      const fromSource = json<string[]>(row.objectives, []);
      return {
        id: row.id,
        kind: row.kind as Kind,
        status: row.status as Status,
        title: row.title,
        description: row.description,
        language: row.language,
        creators,
        publisher: row.publisher,
        institution: institution ? { id: institution.id, name: institution.name } : null,
        url: row.url,
        thumbnail: row.thumbnail,
        iiifManifest: row.iiif_manifest,
        formats: json(row.formats, []),
        resourceTypes: this.labelled(['resource-type'], json(row.resource_types, [])),
        levels: this.labelled(['level'], json(row.levels, [])),
        subjects: this.labelled(['subject'], json(row.subjects, [])),
        objectives: [
          ...fromSource.map((id) => ({ id, alignment: 'source' as const })),
          ...(confirmed.get(row.id) ?? [])
            .filter((id) => !fromSource.includes(id))
            .map((id) => ({ id, alignment: 'confirmed' as const })),
        ].map(({ id, alignment }) => {
          const c = this.vocab.resolveAny(['kerndoel', 'leerdoel'], id);
          return {
            id,
            label: c?.labelNl ?? id,
            labelEn: c?.labelEn ?? null,
            uri: c?.uri ?? null,
            notation: c?.notation ?? null,
            text: c?.description ?? null,
            alignment,
          };
        }),
        keywords: json(row.keywords, []),
        licence,
        metadataLicence: row.metadata_licence_uri ? this.licenceView(row.metadata_licence_uri, 'ok', null) : null,
        access: row.access,
        requiredStatement: row.required_statement,
        dates: {
          created: row.date_created,
          modified: row.date_modified,
          period: { start: row.period_start, end: row.period_end, text: row.period_text },
        },
        attribution: lazyAttribution({
          title: row.title,
          creators,
          institution: institution?.name ?? row.publisher,
          url: row.url,
          licence,
          requiredStatement: row.required_statement,
        }),
        provenance: {
          source: row.source_id ? (sourceById.get(row.source_id) ?? null) : null,
          originalId: row.original_id,
          importRunId: row.import_run_id,
          rawFormat: row.raw_format,
          hasRawRecord: !!row.has_raw_record,
        },
        warnings: json(row.warnings, []),
        extra: json(row.extra, {}),
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        withdrawnAt: row.withdrawn_at,
        withdrawnReason: row.withdrawn_reason,
      };
    });
  }
}

import type { Kysely } from 'kysely';
import { overseenOrganisations, type Actor } from '../accounts/model.ts';
import type { Database } from '../db/schema.ts';
import { csvFile } from '../kernel/csv.ts';
import { forbidden } from '../kernel/errors.ts';
import { reportRepository as repo } from './repository.ts';

/** What the report counts per record: the fields teachers miss most, and a broken link. */
export const REPORT_PROBLEMS = ['licence', 'image', 'level', 'subject', 'description', 'brokenLink'] as const;
export type ReportProblem = (typeof REPORT_PROBLEMS)[number];
type Counts = Record<ReportProblem, number>;

const zero = (): Counts => ({ licence: 0, image: 0, level: 0, subject: 0, description: 0, brokenLink: 0 });

export interface ReportRecord {
  id: string;
  title: string;
  kind: string;
  source: { id: string; name: string } | null;
  /** Completeness at the last check (null: not checked yet). */
  score: number | null;
  /** Every field the last completeness check found missing. */
  missing: string[];
  brokenLink: boolean;
  checkedAt: string | null;
}

export interface QualityReport {
  organisationIds: string[] | null;
  sourceId: string | null;
  generatedAt: string;
  records: number;
  /** Records without a completeness check yet (the worker checks them within minutes). */
  unchecked: number;
  /** Records with at least one problem. */
  withProblems: number;
  totals: Counts;
  sources: { id: string | null; name: string | null; records: number; withProblems: number; problems: Counts }[];
  /** Records with problems, worst first: a broken link, then the lowest completeness. */
  worst: { total: number; items: ReportRecord[] };
}

const parse = (json: string | null): { score?: number; missing?: string[] } => {
  try {
    return json ? (JSON.parse(json) as { score?: number; missing?: string[] }) : {};
  } catch {
    return {};
  }
};

/** The report's problems of one record, from its latest findings. */
const problemsOf = (r: ReportRecord): ReportProblem[] =>
  REPORT_PROBLEMS.filter((p) => (p === 'brokenLink' ? r.brokenLink : r.missing.includes(p)));

/**
 * An institution's data-quality report: per source and in all, how many published records lack a
 * licence, a picture, a level, a subject or a description, or have a broken link (as the latest
 * automatic checks found), and the records worst first, each to fix in place.
 */
export class QualityReportService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly publicUrl: string,
  ) {}

  private async records(actor: Actor, filter: { organisationId?: string | null; sourceId?: string | null }) {
    const organisationIds = overseenOrganisations(actor, filter.organisationId ?? null);
    if (organisationIds === undefined)
      throw forbidden('The data-quality report is for curators and for the institution’s own editors.');
    const rows = await repo.reportRows(this.db, organisationIds, filter.sourceId ?? null);
    const records: ReportRecord[] = rows.map((r) => {
      const found = parse(r.completeness);
      return {
        id: r.id,
        title: r.title,
        kind: r.kind,
        source: r.source_id ? { id: r.source_id, name: r.source_name ?? r.source_id } : null,
        score: r.completeness ? (found.score ?? null) : null,
        missing: found.missing ?? [],
        brokenLink: r.link_status === 'failed',
        checkedAt: r.checked_at,
      };
    });
    return { organisationIds, records };
  }

  async report(
    actor: Actor,
    filter: { organisationId?: string | null; sourceId?: string | null; limit?: number; offset?: number },
  ): Promise<QualityReport> {
    const { organisationIds, records } = await this.records(actor, filter);
    const totals = zero();
    const bySource = new Map<string, QualityReport['sources'][number]>();
    const flawed: ReportRecord[] = [];
    for (const r of records) {
      const key = r.source?.id ?? '';
      const source = bySource.get(key) ?? {
        id: r.source?.id ?? null,
        name: r.source?.name ?? null,
        records: 0,
        withProblems: 0,
        problems: zero(),
      };
      bySource.set(key, source);
      source.records++;
      const problems = problemsOf(r);
      for (const p of problems) {
        totals[p]++;
        source.problems[p]++;
      }
      if (problems.length) {
        source.withProblems++;
        flawed.push(r);
      }
    }
    flawed.sort(
      (a, b) =>
        Number(b.brokenLink) - Number(a.brokenLink) ||
        (a.score ?? 1) - (b.score ?? 1) ||
        problemsOf(b).length - problemsOf(a).length ||
        a.title.localeCompare(b.title, 'nl'),
    );
    const offset = filter.offset ?? 0;
    return {
      organisationIds,
      sourceId: filter.sourceId ?? null,
      generatedAt: new Date().toISOString(),
      records: records.length,
      unchecked: records.filter((r) => r.checkedAt === null).length,
      withProblems: flawed.length,
      totals,
      sources: [...bySource.values()].sort(
        (a, b) => b.withProblems / b.records - a.withProblems / a.records || b.records - a.records,
      ),
      worst: { total: flawed.length, items: flawed.slice(offset, offset + (filter.limit ?? 50)) },
    };
  }

  /** Every record with a problem, worst first, as CSV: with the link to fix it in place. */
  async csv(actor: Actor, filter: { organisationId?: string | null; sourceId?: string | null }): Promise<string> {
    const report = await this.report(actor, { ...filter, limit: 1_000_000 });
    return csvFile(
      ['id', 'title', 'kind', 'source', 'completeness', 'missing', 'broken_link', 'checked_at', 'fix_at'],
      report.worst.items.map((r) => [
        r.id,
        r.title,
        r.kind,
        r.source?.name ?? '',
        r.score === null ? '' : String(r.score),
        r.missing.join(' '),
        r.brokenLink ? 'yes' : 'no',
        r.checkedAt ?? '',
        new URL(`/r/${encodeURIComponent(r.id)}`, this.publicUrl).toString(),
      ]),
    );
  }
}

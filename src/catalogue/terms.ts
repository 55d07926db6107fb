import type { Kysely } from 'kysely';
import { organisations } from '../accounts/organisations.ts';
import type { Database } from '../db/schema.ts';
import { nowIso } from '../kernel/ids.ts';
import type { TermScheme } from '../search/engine/terms.ts';
import type { Vocabularies } from '../vocab/vocabulary.ts';
import { withAncestors } from './prepare.ts';
import type { ResourceRepository } from './repository.ts';

/** What every write of a resource shares: its filter terms, its withdrawal, its institution's name. */
export class ResourceTerms {
  constructor(
    private readonly repository: ResourceRepository,
    private readonly vocab: Vocabularies,
  ) {}

  /** Filter terms of confirmed objectives (with the nodes above them), to add to a resource's own. */
  async confirmed(
    db: Kysely<Database>,
    ids: string[],
  ): Promise<{ resourceId: string; scheme: TermScheme; conceptId: string }[]> {
    if (ids.length === 0) return [];
    const confirmed = await this.repository.acceptedObjectives(db, ids);
    return [...confirmed].flatMap(([resourceId, objectives]) =>
      withAncestors(this.vocab, ['kerndoel', 'leerdoel'], objectives).map((conceptId) => ({
        resourceId,
        scheme: 'objective' as const,
        conceptId,
      })),
    );
  }

  /** Sets a resource's terms: its own, and those of confirmed objectives. */
  async set(db: Kysely<Database>, id: string, terms: { scheme: TermScheme; conceptId: string }[]): Promise<void> {
    const confirmed = await this.confirmed(db, [id]);
    await this.repository.replaceTerms(db, id, [
      ...terms,
      ...confirmed.map(({ scheme, conceptId }) => ({ scheme, conceptId })),
    ]);
  }

  async markWithdrawn(db: Kysely<Database>, id: string, reason: string): Promise<void> {
    const now = nowIso();
    await this.repository.update(db, id, {
      status: 'withdrawn',
      withdrawn_at: now,
      withdrawn_reason: reason.slice(0, 1000),
      updated_at: now,
    });
    await this.repository.removeText(db, id);
  }

  async organisationName(db: Kysely<Database>, id: string | null): Promise<string | null> {
    if (!id) return null;
    return (await organisations.byId(db, id))?.name ?? null;
  }
}

import type { ResourceRepository } from './repository.ts';
import type { Kysely } from 'kysely';
import { canEditResource, type Actor, type InstitutionActor } from '../accounts/model.ts';
import { badRequest, forbidden, notFound } from '../kernel/errors.ts';
import { nowIso } from '../kernel/ids.ts';
import type { Database } from '../db/schema.ts';
import type { Vocabularies } from '../vocab/vocabulary.ts';
import type { ObjectiveSuggestionView, ResourceView } from './view.ts';
import { prepareResource } from './prepare.ts';
import { inputOfRow } from './prepare.ts';
import { ResourceTerms } from './terms.ts';
import { ObjectiveSuggester, type SuggestionText } from './objectives.ts';

/** What the objective suggester reads of a resource: its text, its subjects' and levels' names, its levels. */
function suggestionText(resource: ResourceView): SuggestionText {
  return {
    title: resource.title,
    description: resource.description,
    keywords: resource.keywords,
    labels: [...resource.subjects, ...resource.levels].map((c) => c.label),
    levels: resource.levels.map((c) => c.id),
    language: resource.language,
  };
}

/** Learning objectives suggested from a resource's text, and teachers' and curators' decisions on them. */
export class ObjectiveSuggestions {
  private objectiveSuggester: ObjectiveSuggester | null = null;

  constructor(
    private readonly database: () => Kysely<Database>,
    private readonly vocab: Vocabularies,
    private readonly repository: ResourceRepository,
    private readonly terms: ResourceTerms,
    private readonly getResource: (
      id: string,
      options: { actor?: InstitutionActor | null },
    ) => Promise<ResourceView | null>,
    private readonly touched: (ids: string[]) => void,
  ) {}

  private get db(): Kysely<Database> {
    return this.database();
  }

  /**
   * Learning objectives suggested for a resource from its text (those it is not aligned with
   * already), with the words that matched and any decision taken on them.
   */
  async objectiveSuggestions(id: string, actor: Actor | null): Promise<ObjectiveSuggestionView[] | null> {
    const resource = await this.getResource(id, { actor });
    if (!resource) return null;
    const aligned = new Set(resource.objectives.map((o) => o.id));
    const suggested = this.suggester
      .suggest(suggestionText(resource), { limit: 5 })
      .filter(
        (s) =>
          !aligned.has(s.objectiveId) ||
          resource.objectives.find((o) => o.id === s.objectiveId)?.alignment === 'confirmed',
      );
    const decisions = await this.repository.objectiveDecisions(this.db, id);
    const byObjective = new Map(decisions.map((d) => [d.objective_id, d]));
    const votes = await this.repository.objectiveVotes(this.db, id);
    const noVotes = { accepted: 0, rejected: 0, mine: null };
    const views: ObjectiveSuggestionView[] = suggested.map((s) => ({ ...s, decision: null, votes: noVotes }));
    // Decided objectives, and those voted on, stay listed even when the text would no longer suggest them.
    for (const objectiveId of [...decisions.map((d) => d.objective_id), ...votes.map((v) => v.objective_id)])
      if (!views.some((v) => v.objectiveId === objectiveId))
        views.push({ objectiveId, score: 0, matchedWords: [], decision: null, votes: noVotes });
    return views.map((v) => {
      const c = this.vocab.resolveAny(['kerndoel', 'leerdoel'], v.objectiveId);
      const d = byObjective.get(v.objectiveId);
      const on = votes.filter((x) => x.objective_id === v.objectiveId);
      return {
        ...v,
        votes: {
          accepted: on.filter((x) => x.vote === 'accepted').length,
          rejected: on.filter((x) => x.vote === 'rejected').length,
          mine: on.find((x) => actor && x.user_id === actor.userId)?.vote ?? null,
        },
        objective: {
          id: v.objectiveId,
          label: c?.labelNl ?? v.objectiveId,
          labelEn: c?.labelEn ?? null,
          notation: c?.notation ?? null,
          text: (c?.extra.text as string | undefined) ?? c?.description ?? null,
          scheme: c?.scheme === 'leerdoel' ? 'leerdoel' : 'kerndoel',
        },
        decision: d ? { decision: d.decision, decidedAt: d.decided_at, decidedBy: actor ? d.name : null } : null,
      };
    });
  }

  /**
   * Whether this person decides on the resource's objectives: curators, admins and whoever may
   * edit the resource (the owning institution's editors, its maker). Anyone else's decision is a vote.
   */
  async mayDecide(id: string, actor: Actor | null): Promise<boolean> {
    if (!actor) return false;
    const row = await this.repository.findById(this.db, id);
    return !!row && canEditResource(actor, { organisationId: row.organisation_id, createdBy: row.created_by });
  }

  /**
   * A decision on a suggested objective by someone who may decide (an accepted one counts as an
   * alignment), or else that person's vote, which the deciders see.
   */
  async decideObjective(
    actor: Actor | null,
    id: string,
    objectiveId: string,
    decision: 'accepted' | 'rejected',
  ): Promise<ObjectiveSuggestionView[]> {
    if (!actor) throw forbidden('Sign in to confirm or reject learning objectives.');
    const objective = this.vocab.resolveAny(['kerndoel', 'leerdoel'], objectiveId);
    if (!objective)
      throw badRequest('LG_UNKNOWN_CONCEPT', `Unknown objective: ${objectiveId}.`, {
        field: 'objectiveId',
        unknown: [objectiveId],
      });
    const view = await this.getResource(id, { actor });
    if (!view || view.status !== 'published') throw notFound('Resource', id);
    // The words that matched, as the teacher saw them in the suggestion.
    const matched = this.suggester
      .suggest(suggestionText(view), { limit: 50, threshold: 0 })
      .find((s) => s.objectiveId === objective.id);
    if (!(await this.mayDecide(id, actor))) {
      await this.repository.replaceObjectiveVote(this.db, {
        resource_id: id,
        objective_id: objective.id,
        user_id: actor.userId,
        vote: decision,
        voted_at: nowIso(),
      });
      return (await this.objectiveSuggestions(id, actor))!;
    }
    await this.db
      .transaction()
      .execute((trx) => this.applyDecision(trx, actor.userId, id, [{ objectiveId: objective.id, matched, decision }]));
    this.touched([id]);
    return (await this.objectiveSuggestions(id, actor))!;
  }

  /**
   * Decisions on many suggestions at once (the curation queue's bulk accept or reject), by someone
   * who may decide on every resource named: nothing is written unless all of them are allowed.
   */
  async decideMany(
    actor: Actor,
    items: { resourceId: string; objectiveId: string }[],
    decision: 'accepted' | 'rejected',
  ): Promise<{ decided: number }> {
    const byResource = new Map<string, string[]>();
    for (const item of items) {
      const objective = this.vocab.resolveAny(['kerndoel', 'leerdoel'], item.objectiveId);
      if (!objective)
        throw badRequest('LG_UNKNOWN_CONCEPT', `Unknown objective: ${item.objectiveId}.`, {
          field: 'items',
          unknown: [item.objectiveId],
        });
      byResource.set(item.resourceId, [...(byResource.get(item.resourceId) ?? []), objective.id]);
    }
    const views = new Map<string, ResourceView>();
    for (const resourceId of byResource.keys()) {
      const view = await this.getResource(resourceId, { actor });
      if (!view || view.status !== 'published') throw notFound('Resource', resourceId);
      if (!(await this.mayDecide(resourceId, actor)))
        throw forbidden(`Only curators and the owning institution's editors decide on objectives of ${resourceId}.`);
      views.set(resourceId, view);
    }
    await this.db.transaction().execute(async (trx) => {
      for (const [resourceId, objectiveIds] of byResource) {
        const found = this.suggester.suggest(suggestionText(views.get(resourceId)!), { limit: 50, threshold: 0 });
        await this.applyDecision(
          trx,
          actor.userId,
          resourceId,
          [...new Set(objectiveIds)].map((objectiveId) => ({
            objectiveId,
            matched: found.find((s) => s.objectiveId === objectiveId),
            decision,
          })),
        );
      }
    });
    this.touched([...byResource.keys()]);
    return { decided: [...byResource.values()].reduce((n, ids) => n + new Set(ids).size, 0) };
  }

  /**
   * What the suggester offers for these resources now (above its threshold, best first), leaving
   * out objectives a resource is already aligned with: what the curation queue keeps.
   */
  suggestFor(
    views: ResourceView[],
    limit = 5,
  ): { resourceId: string; objectiveId: string; score: number; matchedWords: string[] }[] {
    return views.flatMap((view) => {
      const aligned = new Set(view.objectives.map((o) => o.id));
      return this.suggester
        .suggest(suggestionText(view), { limit })
        .filter((s) => !aligned.has(s.objectiveId))
        .map((s) => ({
          resourceId: view.id,
          objectiveId: s.objectiveId,
          score: s.score,
          matchedWords: s.matchedWords,
        }));
    });
  }

  /** Records decisions on one resource's objectives and refreshes its search terms and datestamp. */
  private async applyDecision(
    trx: Kysely<Database>,
    userId: string,
    id: string,
    decisions: {
      objectiveId: string;
      matched: { matchedWords: string[]; score: number } | undefined;
      decision: 'accepted' | 'rejected';
    }[],
  ): Promise<void> {
    const row = await this.repository.findById(trx, id);
    if (!row || row.status !== 'published') throw notFound('Resource', id);
    for (const d of decisions)
      await this.repository.replaceObjectiveDecision(trx, {
        resource_id: id,
        objective_id: d.objectiveId,
        decision: d.decision,
        decided_by: userId,
        decided_at: nowIso(),
        matched_words: JSON.stringify(d.matched?.matchedWords ?? []),
        score: d.matched?.score ?? 0,
      });
    const orgName = await this.terms.organisationName(trx, row.organisation_id);
    await this.terms.set(trx, id, prepareResource(this.vocab, inputOfRow(row), row.organisation_id, orgName).terms);
    // A confirmed objective changes the record (its alignments): harvesters and the in-memory index see it by its datestamp.
    await this.repository.update(trx, id, { updated_at: nowIso() });
  }

  private get suggester(): ObjectiveSuggester {
    this.objectiveSuggester ??= new ObjectiveSuggester(this.vocab);
    return this.objectiveSuggester;
  }
}

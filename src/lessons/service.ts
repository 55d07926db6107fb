import { completenessProblems } from './completeness.ts';
import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/model.ts';
import { AppError, badRequest, forbidden, notFound } from '../kernel/errors.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Database } from '../db/schema.ts';
import { checkLessonLicence, isLessonLicence, type LicenceCheck } from './licence-mix.ts';
import { documentProblems, itemsOf, resourceIdsOf, type LessonDocument } from './model.ts';
import { lessonRepository as repo, type LessonRow } from './repository.ts';

import type { AttributionLine, LessonView } from './view.ts';
import { attributionLines, lessonResource, licensedItems, renderedTexts } from './presentation.ts';

/** A new lesson starts like this. */
export function emptyLesson(title: string): LessonDocument {
  return {
    title,
    summary: '',
    language: 'nl',
    levels: [],
    subjects: [],
    objectives: [],
    durationMinutes: null,
    licence: 'http://creativecommons.org/licenses/by/4.0/',
    sections: [
      { id: newId(), title: '', variants: [{ id: newId(), audience: { levels: [], need: null }, items: [] }] },
    ],
  };
}

/** Owners edit their lessons; curators and admins every lesson. */
export function canEditLesson(actor: Actor | null, lesson: { owner_id: string }): boolean {
  if (!actor) return false;
  return actor.userId === lesson.owner_id || actor.role === 'curator' || actor.role === 'admin';
}

/**
 * Lessons: drafts saved whole (with a revision, so two tabs cannot overwrite each other), published
 * as immutable versions that are catalogue resources of kind `lesson`, forked with a visible origin.
 */
export class LessonService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalogue: CatalogueService,
    private readonly publicUrl: string,
  ) {}

  /** Starts a lesson for a signed-in user, empty or from a given document. */
  async create(actor: Actor | null, document: LessonDocument | null): Promise<LessonView> {
    if (!actor) throw forbidden('Sign in to make lessons.');
    const doc = await this.validate(document ?? emptyLesson('Nieuwe les'), actor);
    const id = newId();
    const now = nowIso();
    await repo.insert(this.db, {
      id,
      owner_id: actor.userId,
      status: 'draft',
      title: doc.title,
      draft: JSON.stringify(doc),
      revision: 1,
      version: null,
      forked_from: null,
      forked_from_version: null,
      created_at: now,
      updated_at: now,
      published_at: null,
    });
    return (await this.get(id, actor))!;
  }

  /** A lesson: the draft to who may edit it (unless a version is asked), else a published version. */
  async get(id: string, actor: Actor | null, version: number | null = null): Promise<LessonView | null> {
    const row = await repo.find(this.db, id);
    if (!row) return null;
    const editor = canEditLesson(actor, row);
    if (row.status === 'draft' && !editor) return null;
    let document: LessonDocument;
    let shows: LessonView['shows'];
    if (version === null && editor) {
      document = JSON.parse(row.draft) as LessonDocument;
      shows = { draft: true, version: null };
    } else {
      const wanted = version ?? row.version!;
      const stored = await repo.version(this.db, id, wanted);
      if (!stored) return null;
      document = JSON.parse(stored.document) as LessonDocument;
      shows = { draft: false, version: wanted };
    }
    return this.present(row, editor, document, shows, actor);
  }

  private async present(
    row: LessonRow,
    editor: boolean,
    document: LessonDocument,
    shows: LessonView['shows'],
    actor: Actor | null,
  ): Promise<LessonView> {
    const ids = resourceIdsOf(document);
    const found = await this.catalogue.getMany(ids, actor);
    const resources = ids.map((rid) => lessonResource(rid, found.get(rid)));
    let forkedFrom: LessonView['forkedFrom'] = null;
    if (row.forked_from) {
      const origin = await this.origin(row.forked_from);
      forkedFrom = {
        id: row.forked_from,
        version: row.forked_from_version,
        title: origin.title,
        authors: origin.authors,
      };
    }
    return {
      id: row.id,
      status: row.status as LessonView['status'],
      owner: { id: row.owner_id, name: row.owner_name },
      canEdit: editor,
      revision: row.revision,
      version: row.version,
      shows,
      document,
      resources,
      html: renderedTexts(document),
      forkedFrom,
      forkCount: await repo.forkCount(this.db, row.id),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      publishedAt: row.published_at,
    };
  }

  /** Saves the draft whole. `revision` is the one the editor started from; a newer one is a 409. */
  async saveDraft(actor: Actor | null, id: string, document: LessonDocument, revision: number): Promise<LessonView> {
    const row = await this.editable(actor, id);
    const doc = await this.validate(document, actor!);
    const draft = JSON.stringify(doc);
    const now = nowIso();
    if (!(await repo.saveDraft(this.db, id, revision, draft, doc.title, now))) {
      const current = await repo.find(this.db, id);
      throw new AppError(
        'LG_LESSON_CONFLICT',
        409,
        `The lesson was saved elsewhere since revision ${revision} (now ${current?.revision ?? row.revision}); reload it first.`,
        { revision: current?.revision ?? row.revision },
      );
    }
    // The answer is the draft this save wrote, with its revision: another tab may have saved on top
    // of it already, and the editor must then meet that as a conflict, not take its revision.
    return this.present(
      { ...row, draft, title: doc.title, revision: revision + 1, updated_at: now },
      true,
      doc,
      { draft: true, version: null },
      actor,
    );
  }

  /**
   * After a person changed their name: the catalogue entries of the published lessons that credit
   * them (theirs, those they published a version of, and copies of those) credit the new name.
   */
  async refreshCredits(userId: string): Promise<number> {
    const queue = await repo.publishedCrediting(this.db, userId);
    const done = new Set<string>();
    while (queue.length > 0) {
      const id = queue.shift()!;
      if (done.has(id)) continue;
      done.add(id);
      const row = await repo.find(this.db, id);
      if (!row || row.status !== 'published') continue;
      const creators = (await this.creditedAuthors(row)).map((name) => ({ name, role: 'author' }));
      await this.catalogue.update({ userId: row.owner_id, role: 'teacher', organisationIds: [] }, id, { creators });
      queue.push(...(await repo.publishedForkIds(this.db, id)));
    }
    return done.size;
  }

  /** The licence check and the attribution list of the draft, or of a published version. */
  async check(
    id: string,
    actor: Actor | null,
    version: number | null = null,
  ): Promise<{ licence: LicenceCheck; attribution: AttributionLine[] }> {
    const view = await this.get(id, actor, version);
    if (!view) throw notFound('Lesson', id);
    return this.checkView(view);
  }

  private checkView(view: LessonView): { licence: LicenceCheck; attribution: AttributionLine[] } {
    const byId = new Map(view.resources.map((r) => [r.id, r]));
    return {
      licence: checkLessonLicence(licensedItems(view.document, byId), view.document.licence),
      attribution: attributionLines(view, byId, this.publicUrl),
    };
  }

  /**
   * Publishes the draft as a new, immutable version with a change note. The licence must fit what
   * the lesson embeds; the lesson becomes (or updates) a catalogue resource of kind `lesson`.
   */
  async publish(actor: Actor | null, id: string, changeNote: string, revision: number): Promise<LessonView> {
    const row = await this.editable(actor, id);
    if (row.revision !== revision)
      throw new AppError(
        'LG_LESSON_CONFLICT',
        409,
        `The draft changed since revision ${revision} (now ${row.revision}); look at it again before publishing.`,
        { revision: row.revision },
      );
    const view = (await this.get(id, actor))!;
    const doc = view.document;
    if (itemsOf(doc).length === 0)
      throw badRequest('LG_LESSON_EMPTY', 'Add something to the lesson before publishing it.');
    const incomplete = completenessProblems(doc);
    if (incomplete.length)
      throw badRequest(
        'LG_LESSON_INCOMPLETE',
        `The lesson is not complete yet: ${incomplete.map((p) => p.en).join(' ')}`,
        { problems: incomplete },
      );
    const { licence } = this.checkView(view);
    if (!licence.chosen?.allowed) {
      throw new AppError(
        'LG_LESSON_LICENCE_CONFLICT',
        409,
        'The lesson cannot carry the chosen licence with what it embeds.',
        { licence: licence.chosen, allowed: licence.allowed, conflicts: licence.conflicts },
      );
    }
    const missing = view.resources.filter((r) => r.state === 'missing').map((r) => r.id);
    if (missing.length)
      throw badRequest(
        'LG_LESSON_UNKNOWN_RESOURCE',
        `The lesson uses resources that do not exist: ${missing.join(', ')}.`,
        { resources: missing },
      );
    const now = nowIso();
    const version = (row.version ?? 0) + 1;
    const authors = await this.creditedAuthors(row);
    const input = {
      kind: 'lesson' as const,
      title: doc.title,
      description: doc.summary || null,
      language: doc.language,
      creators: authors.map((name) => ({ name, role: 'author' })),
      url: `${this.publicUrl}/les/${id}`,
      levels: doc.levels,
      subjects: doc.subjects,
      objectives: doc.objectives,
      rights: doc.licence,
      access: 'open' as const,
      dateModified: now.slice(0, 10),
    };
    // The catalogue entry and the version are written in one transaction: a publish cut off at any
    // moment (a killed process, a lost connection) leaves both as they were, never one without the
    // other. The entry belongs to the lesson's maker, whoever (a curator) published it.
    const owner: Actor = { userId: row.owner_id, role: 'teacher', organisationIds: [] };
    await this.db.transaction().execute(async (trx) => {
      // Two publishes at once: the one that finds the version moved on is a conflict, and writes nothing.
      if (!(await repo.markPublished(trx, id, row.version, version, now))) {
        throw new AppError(
          'LG_LESSON_CONFLICT',
          409,
          'The lesson was published elsewhere just now; look at it again before publishing.',
          { revision: row.revision },
        );
      }
      if (await this.catalogue.exists(trx, id)) await this.catalogue.updateWithin(trx, owner, id, input, 'published');
      else await this.catalogue.createWithin(trx, owner, input, null, 'published', id);
      await repo.insertVersion(trx, {
        lesson_id: id,
        version,
        document: JSON.stringify(doc),
        change_note: changeNote.trim(),
        published_by: actor!.userId,
        published_at: now,
      });
      await repo.replaceResources(trx, id, resourceIdsOf(doc));
    });
    this.catalogue.touched([id]);
    return (await this.get(id, actor))!;
  }

  /** The names a published lesson credits: its maker, who else published it, then the original's. */
  private async creditedAuthors(row: LessonRow): Promise<string[]> {
    const names = [row.owner_name];
    for (const a of await repo.authors(this.db, row.id)) if (!names.includes(a.name)) names.push(a.name);
    if (row.forked_from)
      for (const name of (await this.origin(row.forked_from)).authors) if (!names.includes(name)) names.push(name);
    return names;
  }

  /**
   * The published title and authors of the lesson a copy came from, its own origins included: its
   * catalogue entry has them (the draft may have moved on).
   */
  private async origin(id: string): Promise<{ title: string; authors: string[] }> {
    const entry = (await this.catalogue.getMany([id], null)).get(id);
    return { title: entry?.title ?? '', authors: entry?.creators.map((c) => c.name) ?? [] };
  }

  /**
   * A published version with its attribution list, for the exports: only what was published is
   * exported (its licence was checked then); a lesson never published has nothing to export yet.
   */
  async published(
    id: string,
    actor: Actor | null,
    version: number | null = null,
  ): Promise<{ view: LessonView; attribution: AttributionLine[] }> {
    const row = await repo.find(this.db, id);
    if (!row || (row.status === 'draft' && !canEditLesson(actor, row))) throw notFound('Lesson', id);
    if (row.version === null)
      throw new AppError(
        'LG_LESSON_NOT_PUBLISHED',
        409,
        'Publish the lesson before exporting it: an export carries a published version.',
      );
    const view = await this.get(id, actor, version ?? row.version);
    if (!view) throw notFound('Lesson version', `${id} ${version}`);
    return { view, attribution: this.checkView(view).attribution };
  }

  /** The published versions, newest first, with their change notes. */
  async versions(
    id: string,
    actor: Actor | null,
  ): Promise<{ version: number; changeNote: string; publishedAt: string; publishedBy: string }[]> {
    const view = await this.get(id, actor);
    if (!view) throw notFound('Lesson', id);
    return (await repo.versions(this.db, id)).map((v) => ({
      version: v.version,
      changeNote: v.change_note,
      publishedAt: v.published_at,
      publishedBy: v.published_by_name,
    }));
  }

  /** "Make my own copy": a new draft from the latest published version, which says where it came from. */
  async fork(actor: Actor | null, id: string): Promise<LessonView> {
    if (!actor) throw forbidden('Sign in to make your own copy.');
    const row = await repo.find(this.db, id);
    if (!row || row.version === null) throw notFound('Published lesson', id);
    const source = (await repo.version(this.db, id, row.version))!;
    const doc = JSON.parse(source.document) as LessonDocument;
    const copyId = newId();
    const now = nowIso();
    await repo.insert(this.db, {
      id: copyId,
      owner_id: actor.userId,
      status: 'draft',
      title: doc.title,
      draft: JSON.stringify(doc),
      revision: 1,
      version: null,
      forked_from: id,
      forked_from_version: row.version,
      created_at: now,
      updated_at: now,
      published_at: null,
    });
    return (await this.get(copyId, actor))!;
  }

  /** The published forks of a lesson. */
  async forks(
    id: string,
    actor: Actor | null,
  ): Promise<{ id: string; title: string; owner: string; publishedAt: string | null }[]> {
    if (!(await this.get(id, actor))) throw notFound('Lesson', id);
    return (await repo.forks(this.db, id)).map((r) => ({
      id: r.id,
      title: r.title,
      owner: r.owner_name,
      publishedAt: r.published_at,
    }));
  }

  /** The lessons of the signed-in user, drafts and published, most recently changed first. */
  async mine(actor: Actor | null): Promise<
    {
      id: string;
      title: string;
      status: string;
      version: number | null;
      updatedAt: string;
      forkedFrom: string | null;
    }[]
  > {
    if (!actor) throw forbidden('Sign in to see your lessons.');
    return (await repo.byOwner(this.db, actor.userId)).map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      version: r.version,
      updatedAt: r.updated_at,
      forkedFrom: r.forked_from,
    }));
  }

  /** Published lessons that use a resource (for its page, and for institutions' insight). */
  async usingResource(resourceId: string): Promise<{ id: string; title: string }[]> {
    return repo.usingResource(this.db, resourceId);
  }

  private async editable(actor: Actor | null, id: string): Promise<LessonRow> {
    const row = await repo.find(this.db, id);
    if (!row || (row.status === 'draft' && !canEditLesson(actor, row))) throw notFound('Lesson', id);
    if (!canEditLesson(actor, row))
      throw forbidden('Only the maker of a lesson changes it; make your own copy instead.');
    return row;
  }

  /** Checks a document beyond its schema: ids, variants, links, vocabulary concepts, the licence. */
  private async validate(doc: LessonDocument, actor: Actor): Promise<LessonDocument> {
    const problems = documentProblems(doc);
    if (problems.length) throw badRequest(problems[0]!.code, problems[0]!.message, { problems });
    if (!isLessonLicence(doc.licence))
      throw badRequest('LG_LESSON_BAD_LICENCE', 'A lesson carries CC0 or a Creative Commons 4.0 licence.', {
        licence: doc.licence,
      });
    const clean: LessonDocument = {
      ...doc,
      title: doc.title.trim(),
      levels: this.catalogue.checkConcepts('levels', ['level'], doc.levels),
      subjects: this.catalogue.checkConcepts('subjects', ['subject'], doc.subjects),
      objectives: this.catalogue.checkConcepts('objectives', ['kerndoel', 'leerdoel'], doc.objectives),
      sections: doc.sections.map((s) => ({
        ...s,
        variants: s.variants.map((v) => ({
          ...v,
          audience: {
            ...v.audience,
            levels: this.catalogue.checkConcepts('audience levels', ['level'], v.audience.levels),
          },
        })),
      })),
    };
    const ids = resourceIdsOf(clean);
    const found = await this.catalogue.getMany(ids, actor);
    const unknown = ids.filter((rid) => !found.has(rid));
    if (unknown.length)
      throw badRequest(
        'LG_LESSON_UNKNOWN_RESOURCE',
        `The lesson uses resources that do not exist: ${unknown.join(', ')}.`,
        { resources: unknown },
      );
    return clean;
  }
}

import type { Kysely, Selectable } from 'kysely';
import type { Database, LessonTable, LessonVersionTable } from '../db/schema.ts';

type Db = Kysely<Database>;
export type LessonRow = Selectable<LessonTable> & { owner_name: string };
export type LessonVersionRow = Selectable<LessonVersionTable> & { published_by_name: string };

/** SQL of lessons, their versions and the resources they use. */
export const lessonRepository = {
  async insert(db: Db, row: Selectable<LessonTable>): Promise<void> {
    await db.insertInto('lesson').values(row).execute();
  },

  async find(db: Db, id: string): Promise<LessonRow | undefined> {
    return db
      .selectFrom('lesson')
      .innerJoin('app_user', 'app_user.id', 'lesson.owner_id')
      .selectAll('lesson')
      .select('app_user.name as owner_name')
      .where('lesson.id', '=', id)
      .executeTakeFirst();
  },

  /** Saves a draft when nobody saved since `revision`; false when someone did. */
  async saveDraft(db: Db, id: string, revision: number, draft: string, title: string, now: string): Promise<boolean> {
    const result = await db
      .updateTable('lesson')
      .set({ draft, title, revision: revision + 1, updated_at: now })
      .where('id', '=', id)
      .where('revision', '=', revision)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  /** Marks a new version published, if the lesson is still at `previous`; false when it moved on. */
  async markPublished(db: Db, id: string, previous: number | null, version: number, now: string): Promise<boolean> {
    const result = await db
      .updateTable('lesson')
      .set({ status: 'published', version, published_at: now, updated_at: now })
      .where('id', '=', id)
      .where((eb) => (previous === null ? eb('version', 'is', null) : eb('version', '=', previous)))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async insertVersion(db: Db, row: Selectable<LessonVersionTable>): Promise<void> {
    await db.insertInto('lesson_version').values(row).execute();
  },

  async version(db: Db, id: string, version: number): Promise<LessonVersionRow | undefined> {
    return db
      .selectFrom('lesson_version')
      .innerJoin('app_user', 'app_user.id', 'lesson_version.published_by')
      .selectAll('lesson_version')
      .select('app_user.name as published_by_name')
      .where('lesson_id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
  },

  async versions(db: Db, id: string): Promise<Omit<LessonVersionRow, 'document'>[]> {
    return db
      .selectFrom('lesson_version')
      .innerJoin('app_user', 'app_user.id', 'lesson_version.published_by')
      .select([
        'lesson_id',
        'version',
        'change_note',
        'published_by',
        'published_at',
        'app_user.name as published_by_name',
      ])
      .where('lesson_id', '=', id)
      .orderBy('version', 'desc')
      .execute();
  },

  /** Everyone who published a version of the lesson, in order of their first version. */
  async authors(db: Db, id: string): Promise<{ id: string; name: string }[]> {
    const rows = await db
      .selectFrom('lesson_version')
      .innerJoin('app_user', 'app_user.id', 'lesson_version.published_by')
      .select(['app_user.id as id', 'app_user.name as name'])
      .where('lesson_id', '=', id)
      .orderBy('version')
      .execute();
    const seen = new Map<string, string>();
    for (const r of rows) if (!seen.has(r.id)) seen.set(r.id, r.name);
    return [...seen].map(([userId, name]) => ({ id: userId, name }));
  },

  async replaceResources(db: Db, id: string, resourceIds: string[]): Promise<void> {
    await db.deleteFrom('lesson_resource').where('lesson_id', '=', id).execute();
    if (resourceIds.length)
      await db
        .insertInto('lesson_resource')
        .values(resourceIds.map((resource_id) => ({ lesson_id: id, resource_id })))
        .execute();
  },

  async byOwner(db: Db, ownerId: string): Promise<LessonRow[]> {
    return db
      .selectFrom('lesson')
      .innerJoin('app_user', 'app_user.id', 'lesson.owner_id')
      .selectAll('lesson')
      .select('app_user.name as owner_name')
      .where('owner_id', '=', ownerId)
      .orderBy('updated_at', 'desc')
      .execute();
  },

  /** Published forks of a lesson, with their published title (the catalogue entry's, not the draft's). */
  async forks(
    db: Db,
    id: string,
  ): Promise<{ id: string; title: string; owner_name: string; published_at: string | null }[]> {
    return db
      .selectFrom('lesson')
      .innerJoin('app_user', 'app_user.id', 'lesson.owner_id')
      .innerJoin('resource', 'resource.id', 'lesson.id')
      .select([
        'lesson.id as id',
        'resource.title as title',
        'app_user.name as owner_name',
        'lesson.published_at as published_at',
      ])
      .where('forked_from', '=', id)
      .where('lesson.status', '=', 'published')
      .orderBy('lesson.published_at', 'desc')
      .execute();
  },

  /** Published lessons that credit a person: theirs, or with a version they published. */
  async publishedCrediting(db: Db, userId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('lesson')
      .select('id')
      .where('status', '=', 'published')
      .where((eb) =>
        eb.or([
          eb('owner_id', '=', userId),
          eb('id', 'in', eb.selectFrom('lesson_version').select('lesson_id').where('published_by', '=', userId)),
        ]),
      )
      .execute();
    return rows.map((r) => r.id);
  },

  /** Published copies of a lesson (their credits name the original's authors). */
  async publishedForkIds(db: Db, id: string): Promise<string[]> {
    return (
      await db
        .selectFrom('lesson')
        .select('id')
        .where('forked_from', '=', id)
        .where('status', '=', 'published')
        .execute()
    ).map((r) => r.id);
  },

  async forkCount(db: Db, id: string): Promise<number> {
    const row = await db
      .selectFrom('lesson')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('forked_from', '=', id)
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Published lessons that use a resource, with their published title. */
  async usingResource(db: Db, resourceId: string): Promise<{ id: string; title: string }[]> {
    return db
      .selectFrom('lesson_resource')
      .innerJoin('lesson', 'lesson.id', 'lesson_resource.lesson_id')
      .innerJoin('resource', 'resource.id', 'lesson.id')
      .select(['lesson.id as id', 'resource.title as title'])
      .where('lesson_resource.resource_id', '=', resourceId)
      .where('lesson.status', '=', 'published')
      .orderBy('resource.title')
      .execute();
  },
};

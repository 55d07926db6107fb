import type { Actor } from '../accounts/model.ts';
import type { ResourceView } from '../catalogue/view.ts';
import { badRequest } from '../kernel/errors.ts';
import type { ErrorCode } from '../kernel/error-codes.ts';
import type { LessonService } from '../lessons/service.ts';

/** The newest published version of a lesson, or null (not a lesson, or none published). */
export async function latestLessonVersion(lessons: LessonService, resource: ResourceView): Promise<number | null> {
  if (resource.kind !== 'lesson') return null;
  return (await lessons.versions(resource.id, null).catch(() => []))[0]?.version ?? null;
}

/**
 * The lesson version a review or mark is about: the one asked for (default the newest published),
 * or null for a resource that is not a lesson; refused with `code` when it does not exist, or when
 * a version is named for something that has none.
 */
export async function judgedLessonVersion(
  lessons: LessonService,
  actor: Actor,
  resource: ResourceView,
  requested: number | null | undefined,
  code: ErrorCode,
): Promise<number | null> {
  if (resource.kind !== 'lesson') {
    if (requested != null)
      throw badRequest(code, 'Only lessons have versions to choose; leave lessonVersion out.', {
        field: 'lessonVersion',
      });
    return null;
  }
  const versions = await lessons.versions(resource.id, actor);
  const version = requested ?? versions[0]?.version ?? null;
  if (version === null || !versions.some((v) => v.version === version))
    throw badRequest(code, `Lesson ${resource.id} has no published version ${requested}.`, {
      field: 'lessonVersion',
    });
  return version;
}

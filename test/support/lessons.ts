import type { Actor } from '../../src/accounts/model.ts';
import type { AppContext } from '../../src/app/context.ts';

/**
 * A lesson of `actor` with one part that links one resource, published as version 1; `publish`
 * publishes its next version.
 */
export async function publishedLesson(
  ctx: AppContext,
  actor: Actor,
  resourceId: string,
  text: { title: string; summary: string },
): Promise<{ id: string; publish(note: string): Promise<void> }> {
  const lesson = await ctx.lessons.create(actor, null);
  const section = lesson.document.sections[0]!;
  const saved = await ctx.lessons.saveDraft(
    actor,
    lesson.id,
    {
      ...lesson.document,
      sections: [
        {
          ...section,
          variants: [
            {
              ...section.variants[0]!,
              items: [{ id: 'i1', type: 'resource' as const, resourceId, note: '', use: 'link' as const }],
            },
          ],
        },
      ],
      ...text,
    },
    lesson.revision,
  );
  let revision = (await ctx.lessons.publish(actor, lesson.id, 'Eerste versie', saved.revision)).revision;
  return {
    id: lesson.id,
    async publish(note: string) {
      revision = (await ctx.lessons.publish(actor, lesson.id, note, revision)).revision;
    },
  };
}

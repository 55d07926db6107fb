// A process that publishes one lesson again and again, each version with a new title, printing
// each version it published, until it is killed (test/crash.test.ts kills it with SIGKILL).
import { loadConfig } from '../../src/app/config.ts';
import { createContext, createLogger } from '../../src/app/context.ts';
import type { Actor } from '../../src/accounts/model.ts';

const ctx = createContext(loadConfig(), createLogger('silent'));
const lessonId = process.argv[2]!;
const owner = await ctx.store.db
  .selectFrom('lesson')
  .select('owner_id')
  .where('id', '=', lessonId)
  .executeTakeFirstOrThrow();
const actor: Actor = { userId: owner.owner_id, role: 'teacher', organisationIds: [] };
for (let n = 0; ; n++) {
  const current = (await ctx.lessons.get(lessonId, actor))!;
  const saved = await ctx.lessons.saveDraft(
    actor,
    lessonId,
    { ...current.document, title: `Versie ${process.pid}-${n}` },
    current.revision,
  );
  const published = await ctx.lessons.publish(actor, lessonId, `Versie ${n}`, saved.revision);
  process.stdout.write(`published ${published.version}\n`);
}

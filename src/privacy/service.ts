import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/model.ts';
import { verifyPassword } from '../accounts/passwords.ts';
import type { AccountsService } from '../accounts/service.ts';
import type { Database } from '../db/schema.ts';
import { AppError, badRequest } from '../kernel/errors.ts';
import { nowIso } from '../kernel/ids.ts';
import { privacyRepository as repo } from './repository.ts';

/** How the lessons someone published stay credited after they leave. */
export type Credit = 'name' | 'anonymous';
/** The credit of a person who chose not to be named. */
export const ANONYMOUS_CREDIT = 'een docent';

const parse = (json: string): unknown => {
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
};

/**
 * A person's rights under the AVG (GDPR): to see everything Leergoed holds about them, and to leave.
 * What they published under an open licence stays available, credited as they chose.
 */
export class PrivacyService {
  constructor(
    private readonly db: Kysely<Database>,
    /** Lessons, whose catalogue credits follow a changed name (a port). */
    private readonly lessons: { refreshCredits(userId: string): Promise<unknown> },
    private readonly accounts: Pick<AccountsService, 'eraseWithin'>,
  ) {}

  /** Everything held about the person, as one JSON document. */
  async exportData(actor: Actor): Promise<Record<string, unknown>> {
    const user = (await repo.user(this.db, actor.userId))!;
    const lessons = await repo.lessons(this.db, actor.userId);
    const versions = await repo.versions(
      this.db,
      lessons.map((l) => l.id),
    );
    return {
      exportedAt: nowIso(),
      about:
        'Alles wat Leergoed over je bewaart. Everything Leergoed keeps about you. Wachtwoorden worden alleen als onomkeerbare hash bewaard en staan hier niet in.',
      account: {
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
        createdAt: user.created_at,
        emailVerifiedAt: user.email_verified_at,
        hasPassword: user.password_hash.startsWith('scrypt$'),
        organisations: await repo.organisations(this.db, actor.userId),
        schoolLogins: await repo.identities(this.db, actor.userId),
        sessions: await repo.sessions(this.db, actor.userId),
      },
      lessons: lessons.map((l) => ({
        id: l.id,
        status: l.status,
        title: l.title,
        revision: l.revision,
        latestVersion: l.version,
        forkedFrom: l.forked_from,
        createdAt: l.created_at,
        updatedAt: l.updated_at,
        draft: parse(l.draft),
        versions: versions
          .filter((v) => v.lesson_id === l.id)
          .map((v) => ({
            version: v.version,
            changeNote: v.change_note,
            publishedAt: v.published_at,
            document: parse(v.document),
          })),
      })),
      communities: await repo.communities(this.db, actor.userId),
      posts: await repo.posts(this.db, actor.userId),
      resources: await repo.resources(this.db, actor.userId),
      objectiveDecisions: await repo.objectiveDecisions(this.db, actor.userId),
      objectiveVotes: await repo.objectiveVotes(this.db, actor.userId),
      problemReports: await repo.problemReports(this.db, actor.userId),
      organisationApplications: await repo.applications(this.db, actor.userId),
      ratings: await repo.ratings(this.db, actor.userId),
      reviews: (await repo.reviews(this.db, actor.userId)).map((r) => ({ ...r, scores: parse(r.scores) })),
    };
  }

  /**
   * Deletes the account: the password proves it is the person (an account without one signed in
   * through its school login just now). Drafts go; published lessons stay under their licence,
   * credited by name or as "een docent".
   */
  async deleteAccount(actor: Actor, input: { password?: string; credit: Credit }): Promise<{ draftsDeleted: number }> {
    const user = (await repo.user(this.db, actor.userId))!;
    if (user.password_hash.startsWith('scrypt$')) {
      if (!input.password || !(await verifyPassword(input.password, user.password_hash)))
        throw new AppError('LG_WRONG_PASSWORD', 403, 'Your current password is not right.', { field: 'password' });
    }
    if (input.credit !== 'name' && input.credit !== 'anonymous')
      throw badRequest('LG_VALIDATION', 'Choose how your published lessons are credited: name or anonymous.');
    const credit = input.credit === 'anonymous' ? ANONYMOUS_CREDIT : user.name;
    const done = await this.db.transaction().execute(async (trx) => {
      const work = await repo.eraseWork(trx, actor.userId, user.email, nowIso());
      await this.accounts.eraseWithin(trx, actor.userId, credit);
      return work;
    });
    if (credit !== user.name) await this.lessons.refreshCredits(actor.userId);
    return done;
  }
}

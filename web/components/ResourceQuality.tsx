import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, type Quality, type Resource } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { SignInLink } from '../router.tsx';
import { useSession } from '../session.tsx';
import { ProblemMessage } from './ProblemMessage.tsx';
import { ResourceMarks } from './ResourceMarks.tsx';
import { ResourceReviews } from './ResourceReviews.tsx';

const SCORES = [1, 2, 3, 4, 5] as const;

/**
 * On a published resource's page: its quality signals, each apart (completeness of the
 * description, the automatic checks, teachers' ratings with their notes), and the signed-in
 * teacher's own rating to give, change or take back.
 */
export function ResourceQuality({ resource }: { resource: Resource }) {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const [quality, setQuality] = useState<Quality | null>(null);
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const ids = { title: useId(), problem: useId(), comment: useId(), commentHelp: useId(), scoreHelp: useId() };
  const path = `/api/v1/resources/${encodeURIComponent(resource.id)}`;
  const show = (q: Quality) => {
    setQuality(q);
    setScore(q.rating.mine?.score ?? null);
    setComment(q.rating.mine?.comment ?? '');
  };
  useEffect(() => {
    void api<Quality>(`${path}/quality`).then(show).catch(setError);
  }, [path, session?.user.id]);

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    setStatus('');
    try {
      show(
        await api<Quality>(`${path}/rating`, {
          method: 'PUT',
          body: JSON.stringify({ score, comment: comment.trim() || null }),
        }),
      );
      setStatus(t('quality.saved'));
    } catch (e) {
      setError(e);
    }
  };
  const remove = async () => {
    setError(null);
    try {
      await api(`${path}/rating`, { method: 'DELETE' });
      show(await api<Quality>(`${path}/quality`));
      setStatus(t('quality.removed'));
    } catch (e) {
      setError(e);
    }
  };
  const number = (n: number) => n.toLocaleString(lang === 'en' ? 'en-GB' : 'nl-NL');
  const date = (iso: string) => new Date(iso).toLocaleDateString(lang === 'en' ? 'en-GB' : 'nl-NL');
  if (!quality) return error ? <ProblemMessage error={error} /> : null;
  const { rating, completeness } = quality;
  return (
    <section aria-labelledby={ids.title} className="quality">
      <h2 id={ids.title}>{t('quality.title')}</h2>
      <p className="small">{t('quality.intro')}</p>
      <ResourceMarks
        resourceId={resource.id}
        quality={quality}
        onChange={async () => show(await api<Quality>(`${path}/quality`))}
      />
      <p>
        {rating.count === 0
          ? t('quality.ratingNone')
          : rating.count === 1
            ? t('quality.ratingAverageOne', { average: number(rating.average ?? 0) })
            : t('quality.ratingAverage', { average: number(rating.average ?? 0), count: rating.count })}
      </p>
      {rating.comments.length > 0 && (
        <>
          <h3>{t('quality.comments')}</h3>
          <ul className="plain-list">
            {rating.comments.map((c) => (
              <li key={`${c.name}-${c.updatedAt}`} className="boxed">
                <strong>{t('quality.commentBy', { name: c.name, score: c.score })}</strong>
                <blockquote>{c.comment}</blockquote>
              </li>
            ))}
          </ul>
        </>
      )}
      {session ? (
        <form onSubmit={(e) => void save(e)} className="form">
          <fieldset aria-describedby={ids.scoreHelp}>
            <legend>{t('quality.yourRating')}</legend>
            <p id={ids.scoreHelp} className="small">
              {t('quality.scoreHelp')}
            </p>
            <div className="score-choices">
              {SCORES.map((s) => (
                <label key={s}>
                  <input
                    type="radio"
                    name="score"
                    value={s}
                    checked={score === s}
                    onChange={() => setScore(s)}
                    required
                  />{' '}
                  {t('quality.score', { score: s })}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor={ids.comment}>{t('quality.comment')}</label>
            <textarea
              id={ids.comment}
              rows={3}
              maxLength={2000}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              aria-describedby={ids.commentHelp}
            />
            <p id={ids.commentHelp} className="small">
              {t('quality.commentHelp')}
            </p>
          </div>
          <ProblemMessage error={error} id={ids.problem} />
          <p className="actions">
            <button type="submit">{t('quality.save')}</button>{' '}
            {rating.mine && (
              <button type="button" className="secondary" onClick={() => void remove()}>
                {t('quality.remove')}
              </button>
            )}
          </p>
          <p role="status" className={status ? 'notice' : 'small'}>
            {status}
          </p>
        </form>
      ) : (
        <p>
          <SignInLink>{t('quality.signIn')}</SignInLink>
        </p>
      )}
      <ResourceReviews
        resourceId={resource.id}
        quality={quality}
        onChange={async () => show(await api<Quality>(`${path}/quality`))}
      />
      <h3>{t('quality.metadata')}</h3>
      <p>
        {t('quality.completeness', { percent: Math.round(completeness.score * 100) })}{' '}
        {completeness.missing.length > 0 &&
          t('quality.missing', { fields: completeness.missing.map((f) => t(`field.${f}`)).join(', ') })}
      </p>
      <h3>{t('quality.checks')}</h3>
      {quality.checks.length === 0 ? (
        <p className="small">{t('quality.notChecked')}</p>
      ) : (
        <ul className="small">
          {quality.checks.map((c) => (
            <li key={c.kind}>
              {t('quality.checkLine', {
                check: t(`qualityCheck.${c.kind}`),
                status: t(`checkStatus.${c.status}`),
                date: date(c.checkedAt),
                runs: c.history.length,
              })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, type Quality, type Review, type Rubric } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { ProblemMessage } from './ProblemMessage.tsx';
import { ReasonForm } from './ReasonForm.tsx';

const SCORES = [0, 1, 2, 3] as const;

/**
 * Reviews against the published rubric on a resource's page: each with its reviewer, the version
 * it judged and a score with a reason per dimension; the form for curators and trusted reviewers;
 * hiding (with a reason) for curators, deleting for the reviewer.
 */
export function ResourceReviews({
  resourceId,
  quality,
  onChange,
}: {
  resourceId: string;
  quality: Quality;
  onChange: () => Promise<void>;
}) {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const [rubric, setRubric] = useState<Rubric | null>(null);
  const [writing, setWriting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const curator = session?.user.role === 'curator' || session?.user.role === 'admin';
  const path = `/api/v1/resources/${encodeURIComponent(resourceId)}/reviews`;
  useEffect(() => {
    if (quality.reviews.length || quality.mayReview)
      void api<Rubric>('/api/v1/quality/rubric').then(setRubric).catch(setError);
  }, [quality.reviews.length, quality.mayReview]);
  const dimensionName = (key: string) => {
    const d = rubric?.dimensions.find((x) => x.key === key);
    return d ? (lang === 'en' ? d.en.name : d.nl.name) : key;
  };
  const date = (iso: string) => new Date(iso).toLocaleDateString(lang === 'en' ? 'en-GB' : 'nl-NL');
  const act = async (action: () => Promise<unknown>, done: string) => {
    setError(null);
    setStatus('');
    try {
      await action();
      await onChange();
      setStatus(done);
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };
  return (
    <div className="reviews">
      <h3>{t('review.title')}</h3>
      <p className="small">
        {t('review.intro')} <Link to="/kwaliteit/rubric">{t('review.rubricLink')}</Link>
      </p>
      {quality.reviews.length === 0 ? (
        <p>{t('review.none')}</p>
      ) : (
        <ul className="plain-list">
          {quality.reviews.map((r) => (
            <ReviewItem
              key={r.id}
              review={r}
              name={dimensionName}
              date={date}
              curator={curator}
              onHide={(reason) =>
                act(
                  () => api(`${path}/${r.id}`, { method: 'PATCH', body: JSON.stringify({ hidden: true, reason }) }),
                  t('review.hidden'),
                )
              }
              onShow={() =>
                act(
                  () => api(`${path}/${r.id}`, { method: 'PATCH', body: JSON.stringify({ hidden: false }) }),
                  t('review.shown'),
                )
              }
              onDelete={() => act(() => api(`${path}/${r.id}`, { method: 'DELETE' }), t('review.deleted'))}
            />
          ))}
        </ul>
      )}
      {quality.mayReview && rubric && !writing && (
        <p>
          <button type="button" onClick={() => setWriting(true)}>
            {t('review.write')}
          </button>
        </p>
      )}
      {writing && rubric && (
        <ReviewForm
          rubric={rubric}
          onCancel={() => setWriting(false)}
          onSubmit={async (body) => {
            await api(path, { method: 'POST', body: JSON.stringify(body) });
            setWriting(false);
            await onChange();
            setStatus(t('review.saved'));
          }}
        />
      )}
      <ProblemMessage error={error} />
      <p role="status" className={status ? 'notice' : 'small'}>
        {status}
      </p>
    </div>
  );
}

function ReviewItem({
  review,
  name,
  date,
  curator,
  onHide,
  onShow,
  onDelete,
}: {
  review: Review;
  name: (key: string) => string;
  date: (iso: string) => string;
  curator: boolean;
  onHide: (reason: string) => Promise<boolean>;
  onShow: () => Promise<unknown>;
  onDelete: () => Promise<unknown>;
}) {
  const { t } = useI18n();
  const [hiding, setHiding] = useState(false);
  return (
    <li className="boxed review">
      <p>
        <strong>{t('review.by', { name: review.reviewer.name, date: date(review.createdAt) })}</strong>{' '}
        <span className="small">
          {review.judged.lessonVersion !== null
            ? t('review.judgedVersion', { version: review.judged.lessonVersion })
            : null}{' '}
          {!review.judged.current &&
            (review.judged.lessonVersion !== null ? t('review.olderVersion') : t('review.olderRecord'))}
        </span>
      </p>
      {review.status === 'hidden' && (
        <p className="notice">{t('review.hiddenBecause', { reason: review.hiddenReason ?? '' })}</p>
      )}
      {review.summary && <blockquote>{review.summary}</blockquote>}
      <table className="review-scores">
        <caption className="visually-hidden">{t('review.scoresCaption', { name: review.reviewer.name })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('review.dimension')}</th>
            <th scope="col">{t('review.score')}</th>
            <th scope="col">{t('review.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {review.scores.map((s) => (
            <tr key={s.dimension}>
              <th scope="row">{name(s.dimension)}</th>
              <td>{s.score === null ? t('review.notApplicableShort') : t('review.scoreOf', { score: s.score })}</td>
              <td>{s.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="actions">
        {curator && review.status === 'published' && !hiding && (
          <button type="button" className="secondary" onClick={() => setHiding(true)}>
            {t('review.hide')}
          </button>
        )}
        {curator && review.status === 'hidden' && (
          <button type="button" className="secondary" onClick={() => void onShow()}>
            {t('review.show')}
          </button>
        )}{' '}
        {(review.mine || curator) && (
          <button type="button" className="secondary" onClick={() => void onDelete()}>
            {t('review.delete')}
          </button>
        )}
      </p>
      {hiding && (
        <ReasonForm
          label={t('review.hideReason')}
          confirm={t('review.hideConfirm')}
          onSubmit={onHide}
          onCancel={() => setHiding(false)}
        />
      )}
    </li>
  );
}

type Body = { scores: { dimension: string; score: number | null; reason: string }[]; summary: string | null };

/** The review form: per dimension of the rubric a score (0–3 or not applicable) and a reason. */
function ReviewForm({
  rubric,
  onSubmit,
  onCancel,
}: {
  rubric: Rubric;
  onSubmit: (body: Body) => Promise<void>;
  onCancel: () => void;
}) {
  const { t, lang } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const baseId = useId();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: Body = {
      scores: rubric.dimensions.map((d) => {
        const value = String(form.get(`score-${d.key}`) ?? '');
        return {
          dimension: d.key,
          score: value === 'na' ? null : Number(value),
          reason: String(form.get(`reason-${d.key}`) ?? ''),
        };
      }),
      summary: String(form.get('summary') ?? '').trim() || null,
    };
    setBusy(true);
    setError(null);
    try {
      await onSubmit(body);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form review-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${baseId}-title`}>
      <h4 id={`${baseId}-title`}>{t('review.formTitle')}</h4>
      <p className="small">{t('review.formHelp')}</p>
      {rubric.dimensions.map((d) => {
        const text = lang === 'en' ? d.en : d.nl;
        const reasonId = `${baseId}-${d.key}-reason`;
        return (
          <fieldset key={d.key} aria-describedby={`${baseId}-${d.key}-q`}>
            <legend>{text.name}</legend>
            <p id={`${baseId}-${d.key}-q`} className="small">
              {text.question}
            </p>
            <div className="score-choices score-choices-stacked">
              {SCORES.map((s) => (
                <label key={s}>
                  <input type="radio" name={`score-${d.key}`} value={s} required /> {s}: {text.levels[s]}
                </label>
              ))}
              <label>
                <input type="radio" name={`score-${d.key}`} value="na" required /> {t('review.notApplicable')}
              </label>
            </div>
            <div className="field">
              <label htmlFor={reasonId}>{t('review.reasonFor', { name: text.name })}</label>
              <textarea id={reasonId} name={`reason-${d.key}`} rows={2} required minLength={3} maxLength={2000} />
            </div>
          </fieldset>
        );
      })}
      <div className="field">
        <label htmlFor={`${baseId}-summary`}>{t('review.summary')}</label>
        <textarea id={`${baseId}-summary`} name="summary" rows={3} maxLength={4000} />
      </div>
      <ProblemMessage error={error} />
      <p className="actions">
        <button type="submit" disabled={busy}>
          {t('review.submit')}
        </button>{' '}
        <button type="button" className="secondary" onClick={onCancel}>
          {t('review.cancel')}
        </button>
      </p>
    </form>
  );
}

import { useId, useState, type FormEvent } from 'react';
import { api, type Award, type Quality } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ProblemMessage } from './ProblemMessage.tsx';
import { ReasonForm } from './ReasonForm.tsx';

/**
 * The quality marks (keurmerken) awarded to a resource, each with its issuer, criteria and
 * validity, and whether it is valid, expired or withdrawn; for an issuer's editors the form to
 * award one of their marks and a way to withdraw one with a reason.
 */
export function ResourceMarks({
  resourceId,
  quality,
  onChange,
}: {
  resourceId: string;
  quality: Quality;
  onChange: () => Promise<void>;
}) {
  const { t, lang } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [markId, setMarkId] = useState('');
  const ids = { mark: useId() };
  const path = `/api/v1/resources/${encodeURIComponent(resourceId)}/marks`;
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
  const award = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const chosen = markId || quality.awardableMarks[0]?.id;
    void act(() => api(path, { method: 'POST', body: JSON.stringify({ markId: chosen }) }), t('mark.awarded'));
  };
  if (!quality.marks.length && !quality.awardableMarks.length) return null;
  return (
    <div className="marks">
      <h3>{t('mark.title')}</h3>
      {quality.marks.length === 0 ? (
        <p>{t('mark.none')}</p>
      ) : (
        <ul className="plain-list">
          {quality.marks.map((a) => (
            <MarkItem
              key={a.id}
              award={a}
              date={date}
              onWithdraw={(reason) =>
                act(
                  () =>
                    api(`${path}/${encodeURIComponent(a.id)}`, {
                      method: 'PATCH',
                      body: JSON.stringify({ withdrawn: true, reason }),
                    }),
                  t('mark.withdrawnDone'),
                )
              }
            />
          ))}
        </ul>
      )}
      {quality.awardableMarks.length > 0 && (
        <form className="form" onSubmit={award}>
          <div className="field">
            <label htmlFor={ids.mark}>{t('mark.choose')}</label>
            <select id={ids.mark} value={markId} onChange={(e) => setMarkId(e.target.value)}>
              {quality.awardableMarks.map((m) => (
                <option key={m.id} value={m.id}>
                  {t('mark.option', { name: m.name, issuer: m.issuer.name, months: m.validityMonths })}
                </option>
              ))}
            </select>
          </div>
          <p className="actions">
            <button type="submit">{t('mark.award')}</button>
          </p>
        </form>
      )}
      <ProblemMessage error={error} />
      <p role="status" className={status ? 'notice' : 'small'}>
        {status}
      </p>
    </div>
  );
}

function MarkItem({
  award,
  date,
  onWithdraw,
}: {
  award: Award;
  date: (iso: string) => string;
  onWithdraw: (reason: string) => Promise<boolean>;
}) {
  const { t } = useI18n();
  const [withdrawing, setWithdrawing] = useState(false);
  const { mark } = award;
  return (
    <li className={`boxed mark mark-${award.status}`}>
      <div className="mark-head">
        {mark.logoUrl && <img src={mark.logoUrl} alt="" width={48} height={48} className="mark-logo" />}
        <p>
          <strong>{t('mark.name', { name: mark.name })}</strong>
          <br />
          {t('mark.issuedBy', { issuer: mark.issuer.name, date: date(award.awardedAt) })}
        </p>
      </div>
      <p>
        {award.status === 'valid' && t('mark.validUntil', { date: date(award.expiresAt) })}
        {award.status === 'expired' && <strong>{t('mark.expired', { date: date(award.expiresAt) })}</strong>}
        {award.status === 'withdrawn' && (
          <strong>
            {t('mark.withdrawn', {
              date: date(award.withdrawnAt ?? award.awardedAt),
              reason: award.withdrawnReason ?? '',
            })}
          </strong>
        )}{' '}
        {award.lessonVersion !== null && t('mark.version', { version: award.lessonVersion })}{' '}
        {!award.current && t('mark.notCurrent')}
      </p>
      <p className="small">
        <a href={mark.criteriaUrl} rel="noopener noreferrer nofollow" target="_blank">
          {t('mark.criteria', { name: mark.name })}
          <span className="visually-hidden"> {t('mark.newWindow')}</span>
        </a>
      </p>
      {award.mayWithdraw && !withdrawing && (
        <p className="actions">
          <button type="button" className="secondary" onClick={() => setWithdrawing(true)}>
            {t('mark.withdraw')}
          </button>
        </p>
      )}
      {withdrawing && (
        <ReasonForm
          label={t('mark.withdrawReason')}
          confirm={t('mark.withdrawConfirm')}
          onSubmit={onWithdraw}
          onCancel={() => setWithdrawing(false)}
        />
      )}
    </li>
  );
}

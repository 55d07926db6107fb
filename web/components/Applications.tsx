import { useEffect, useId, useState } from 'react';
import { api, type Application } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ProblemMessage } from './ProblemMessage.tsx';

/** Waiting applications of organisations, each approved or refused (with a reason) by an administrator. */
export function Applications({ onDecided }: { onDecided(): void }) {
  const { t, lang } = useI18n();
  const [pending, setPending] = useState<Application[] | null>(null);
  const [error, setError] = useState<{ id: string; error: unknown } | null>(null);
  const [status, setStatus] = useState('');
  const headingId = useId();
  const load = () =>
    api<Application[]>('/api/v1/organisation-applications?status=pending')
      .then(setPending)
      .catch((e) => setError({ id: '', error: e }));
  useEffect(() => {
    void load();
  }, []);
  const decide = async (a: Application, decision: 'approve' | 'refuse', reason: string) => {
    setError(null);
    setStatus('');
    try {
      await api(`/api/v1/admin/organisation-applications/${encodeURIComponent(a.id)}/decision`, {
        method: 'POST',
        body: JSON.stringify({ decision, reason: reason.trim() || null }),
      });
      setStatus(t(decision === 'approve' ? 'admin.approved' : 'admin.refused', { name: a.name }));
      await load();
      onDecided();
    } catch (e) {
      setError({ id: a.id, error: e });
    }
  };
  const date = (iso: string) => new Date(iso).toLocaleDateString(lang === 'en' ? 'en-GB' : 'nl-NL');
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('admin.applications')}</h2>
      <p role="status" className={status ? 'notice' : 'small'}>
        {status}
      </p>
      {error?.id === '' && <ProblemMessage error={error.error} />}
      {pending && pending.length === 0 && <p>{t('admin.noApplications')}</p>}
      <ul className="plain-list">
        {pending?.map((a) => (
          <ApplicationItem
            key={a.id}
            application={a}
            applied={t('admin.appliedBy', { name: a.applicant?.name ?? '—', date: date(a.createdAt) })}
            error={error?.id === a.id ? error.error : null}
            onDecide={(decision, reason) => void decide(a, decision, reason)}
          />
        ))}
      </ul>
    </section>
  );
}

function ApplicationItem({
  application: a,
  applied,
  error,
  onDecide,
}: {
  application: Application;
  applied: string;
  error: unknown;
  onDecide(decision: 'approve' | 'refuse', reason: string): void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const ids = { reason: useId(), help: useId(), problem: useId() };
  return (
    <li className="boxed">
      <h3>{a.name}</h3>
      <p className="small">
        {t(`orgKind.${a.kind as 'school'}`)}
        {a.website && (
          <>
            {' · '}
            <a href={a.website} rel="noopener noreferrer nofollow">
              {a.website}
            </a>
          </>
        )}
        {a.externalId && ` · ${a.externalId}`}
        <br />
        {applied}
      </p>
      <blockquote>{a.motivation}</blockquote>
      <div className="form">
        <div className="field">
          <label htmlFor={ids.reason}>{t('admin.reason', { name: a.applicant?.name ?? a.name })}</label>
          <textarea
            id={ids.reason}
            rows={3}
            maxLength={2000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-describedby={`${ids.help}${error ? ` ${ids.problem}` : ''}`}
            aria-invalid={!!error || undefined}
          />
          <p id={ids.help} className="small">
            {t('admin.reasonHelp')}
          </p>
        </div>
      </div>
      <ProblemMessage error={error} id={ids.problem} />
      <p className="actions">
        <button type="button" onClick={() => onDecide('approve', reason)}>
          {t('admin.approve')}
        </button>{' '}
        <button type="button" className="danger" onClick={() => onDecide('refuse', reason)}>
          {t('admin.refuse')}
        </button>
      </p>
    </li>
  );
}

import { useId, useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ProblemMessage } from './ProblemMessage.tsx';

const CATEGORIES = ['broken-link', 'licence', 'metadata', 'content', 'other'] as const;

/**
 * "Meld een probleem" on a resource's page: anybody (signed in or not) tells the curators and the
 * owning institution what is wrong. Nobody else sees the report.
 */
export function ReportProblem({ resourceId }: { resourceId: string }) {
  const { t } = useI18n();
  const [category, setCategory] = useState<(typeof CATEGORIES)[number]>('broken-link');
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);
  const ids = { category: useId(), message: useId(), intro: useId() };
  const send = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    try {
      await api(`/api/v1/resources/${encodeURIComponent(resourceId)}/problem-reports`, {
        method: 'POST',
        body: JSON.stringify({ category, message }),
      });
      setSent(true);
      setMessage('');
    } catch (e) {
      setError(e);
    }
  };
  return (
    <details className="report-problem">
      <summary>{t('report.open')}</summary>
      <p id={ids.intro} className="small">
        {t('report.intro')}
      </p>
      <form className="form" onSubmit={send} aria-describedby={ids.intro}>
        <div className="field">
          <label htmlFor={ids.category}>{t('report.category')}</label>
          <select
            id={ids.category}
            value={category}
            onChange={(e) => setCategory(e.target.value as (typeof CATEGORIES)[number])}
          >
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`report.category.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.message}>{t('report.message')}</label>
          <textarea
            id={ids.message}
            value={message}
            onChange={(e) => {
              setSent(false);
              setMessage(e.target.value);
            }}
            required
            minLength={5}
            maxLength={2000}
            rows={3}
          />
        </div>
        <button type="submit">{t('report.send')}</button>
        <ProblemMessage error={error} />
        <p role="status" className={sent ? 'notice' : 'small'}>
          {sent ? t('report.sent') : ''}
        </p>
      </form>
    </details>
  );
}

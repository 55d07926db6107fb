import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, type AdminOrganisation } from '../../api.ts';
import { ProblemMessage } from '../../components/ProblemMessage.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

/** On the admin page: the organisations that issue quality marks, naming one more, and stopping one. */
export function Issuers({ organisations, onChange }: { organisations: AdminOrganisation[]; onChange: () => void }) {
  const { t } = useI18n();
  const [issuers, setIssuers] = useState<{ id: string; name: string }[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const ids = { title: useId(), org: useId() };
  const load = () => api<{ id: string; name: string }[]>('/api/v1/quality/issuers').then(setIssuers);
  useEffect(() => {
    void load().catch(setError);
  }, []);
  const change = async (id: string, issues: boolean, name: string) => {
    setError(null);
    setStatus('');
    try {
      await api(`/api/v1/quality/issuers/${encodeURIComponent(id)}`, { method: issues ? 'PUT' : 'DELETE' });
      await load();
      onChange();
      setStatus(t(issues ? 'issuers.granted' : 'issuers.revoked', { name }));
    } catch (e) {
      setError(e);
    }
  };
  const others = organisations.filter((o) => !issuers.some((i) => i.id === o.id));
  const grant = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const id = String(new FormData(event.currentTarget).get('organisation'));
    const chosen = others.find((o) => o.id === id);
    if (chosen) void change(chosen.id, true, chosen.name);
  };
  return (
    <section aria-labelledby={ids.title}>
      <h2 id={ids.title}>{t('issuers.title')}</h2>
      <p>{t('issuers.intro')}</p>
      {issuers.length === 0 ? (
        <p>{t('issuers.none')}</p>
      ) : (
        <ul className="plain-list">
          {issuers.map((i) => (
            <li key={i.id} className="boxed">
              <strong>{i.name}</strong>{' '}
              <button
                type="button"
                className="secondary"
                aria-label={t('issuers.revokeOf', { name: i.name })}
                onClick={() => void change(i.id, false, i.name)}
              >
                {t('issuers.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <form className="form" onSubmit={grant}>
          <div className="field">
            <label htmlFor={ids.org}>{t('issuers.organisation')}</label>
            <select id={ids.org} name="organisation">
              {others.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{t('issuers.grant')}</button>
        </form>
      )}
      <ProblemMessage error={error} />
      <p role="status" className={status ? 'notice' : 'small'}>
        {status}
      </p>
    </section>
  );
}

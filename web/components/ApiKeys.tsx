import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';

interface ApiKey { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }

/** An institution's API keys: make one (its secret shown once), see when each was last used, revoke. */
export function ApiKeys({ organisation }: { organisation: { id: string; name: string } }) {
  const { t, lang } = useI18n();
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [name, setName] = useState('');
  const [fresh, setFresh] = useState<{ name: string; key: string } | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const baseId = useId();
  const path = `/api/v1/organisations/${encodeURIComponent(organisation.id)}/api-keys`;
  const load = () => void api<{ items: ApiKey[] }>(path).then((r) => setKeys(r.items)).catch(() => setKeys([]));
  useEffect(load, [organisation.id]);
  const date = (iso: string | null) => (iso ? new Date(iso).toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB') : t('apiKeys.never'));

  const create = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const made = await api<ApiKey & { key: string }>(path, { method: 'POST', body: JSON.stringify({ name }) });
      setFresh({ name: made.name, key: made.key });
      setName('');
      setMessage(null);
      load();
    } catch (e) {
      setMessage({ error: true, text: e instanceof ApiError ? e.message : String(e) });
    }
  };
  const revoke = async (key: ApiKey) => {
    if (!window.confirm(t('apiKeys.confirmRevoke', { name: key.name }))) return;
    await api(`${path}/${encodeURIComponent(key.id)}`, { method: 'DELETE' });
    setMessage({ error: false, text: t('apiKeys.revoked', { name: key.name }) });
    load();
  };

  return (
    <section className="panel" aria-labelledby={`${baseId}-h`}>
      <h2 id={`${baseId}-h`}>{t('apiKeys.title', { name: organisation.name })}</h2>
      <p className="small">{t('apiKeys.intro')}</p>
      {keys && keys.length > 0 && (
        <ul className="source-list">
          {keys.map((k) => (
            <li key={k.id}>
              <strong>{k.name}</strong> <code>{k.prefix}_…</code>{' '}
              <span className="small">{t('apiKeys.made', { date: date(k.createdAt) })} · {t('apiKeys.lastUsed', { date: date(k.lastUsedAt) })}{k.revokedAt ? ` · ${t('apiKeys.revokedAt', { date: date(k.revokedAt) })}` : ''}</span>{' '}
              {!k.revokedAt && <button type="button" className="secondary" onClick={() => void revoke(k)}>{t('apiKeys.revoke')}<span className="visually-hidden"> {k.name}</span></button>}
            </li>
          ))}
        </ul>
      )}
      {fresh && (
        <div role="status" className="fresh-key">
          <p><strong>{t('apiKeys.copyNow', { name: fresh.name })}</strong></p>
          <label htmlFor={`${baseId}-key`}>{t('apiKeys.key')}</label>
          <input id={`${baseId}-key`} className="wide" readOnly value={fresh.key} onFocus={(e) => e.target.select()} />
        </div>
      )}
      <form className="add-source" onSubmit={(e) => void create(e)}>
        <label htmlFor={`${baseId}-name`}>{t('apiKeys.name')}</label>{' '}
        <input id={`${baseId}-name`} type="text" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />{' '}
        <button type="submit">{t('apiKeys.make')}</button>
      </form>
      <p role="status" className={message?.error ? 'error' : 'small'}>{message?.text ?? ''}</p>
    </section>
  );
}

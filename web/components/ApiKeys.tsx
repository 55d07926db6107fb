import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';

const SCOPES = ['read', 'records:write', 'harvests:run'] as const;
type Scope = (typeof SCOPES)[number];

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** An institution's API keys: make one with the scopes it needs (its secret shown once), see when each was last used, revoke. */
export function ApiKeys({ organisation }: { organisation: { id: string; name: string } }) {
  const { t, lang, problem } = useI18n();
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['read', 'records:write']);
  const [fresh, setFresh] = useState<{ name: string; key: string } | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const baseId = useId();
  const path = `/api/v1/organisations/${encodeURIComponent(organisation.id)}/api-keys`;
  const load = () =>
    void api<{ items: ApiKey[] }>(path)
      .then((r) => setKeys(r.items))
      .catch(() => setKeys([]));
  useEffect(load, [organisation.id]);
  const date = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB') : t('apiKeys.never');

  const create = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const made = await api<ApiKey & { key: string }>(path, {
        method: 'POST',
        body: JSON.stringify({ name, scopes }),
      });
      setFresh({ name: made.name, key: made.key });
      setName('');
      setMessage(null);
      load();
    } catch (e) {
      setMessage({ error: true, text: problem(e) });
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
              <span className="small">
                {t('apiKeys.scopesShort', { scopes: k.scopes.join(', ') })} ·{' '}
                {t('apiKeys.made', { date: date(k.createdAt) })} · {t('apiKeys.lastUsed', { date: date(k.lastUsedAt) })}
                {k.revokedAt ? ` · ${t('apiKeys.revokedAt', { date: date(k.revokedAt) })}` : ''}
              </span>{' '}
              {!k.revokedAt && (
                <button type="button" className="secondary" onClick={() => void revoke(k)}>
                  {t('apiKeys.revoke')}
                  <span className="visually-hidden"> {k.name}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {fresh && (
        <div role="status" className="fresh-key">
          <p>
            <strong>{t('apiKeys.copyNow', { name: fresh.name })}</strong>
          </p>
          <label htmlFor={`${baseId}-key`}>{t('apiKeys.key')}</label>
          <input id={`${baseId}-key`} className="wide" readOnly value={fresh.key} onFocus={(e) => e.target.select()} />
        </div>
      )}
      <form className="add-source" onSubmit={(e) => void create(e)}>
        <label htmlFor={`${baseId}-name`}>{t('apiKeys.name')}</label>{' '}
        <input
          id={`${baseId}-name`}
          type="text"
          required
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <fieldset className="scopes">
          <legend>{t('apiKeys.scopes')}</legend>
          {SCOPES.map((scope) => (
            <div key={scope} className="check">
              <input
                id={`${baseId}-${scope}`}
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(e) =>
                  setScopes(
                    e.target.checked
                      ? SCOPES.filter((s) => s === scope || scopes.includes(s))
                      : scopes.filter((s) => s !== scope),
                  )
                }
              />
              <label htmlFor={`${baseId}-${scope}`}>
                <code>{scope}</code> – {t(`apiKeys.scope.${scope}` as 'apiKeys.scope.read')}
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit">{t('apiKeys.make')}</button>
      </form>
      <p role="status" className={message?.error ? 'error' : 'small'}>
        {message?.text ?? ''}
      </p>
    </section>
  );
}

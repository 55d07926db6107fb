import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { Layout } from '../components/Layout.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { SignInLink } from '../router.tsx';
import { useSession } from '../session.tsx';

interface Platform {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  deploymentIds: string[];
  authUrl: string;
  jwksUrl: string;
  tokenUrl: string | null;
  createdAt: string;
}
interface ToolConfig {
  oidcInitiationUrl: string;
  targetLinkUri: string;
  redirectUris: string[];
  jwksUrl: string;
  deepLinkingUrl: string;
}

const FIELDS = ['name', 'issuer', 'clientId', 'deploymentIds', 'authUrl', 'jwksUrl'] as const;

/** Admins connect an LMS: what to enter there (the tool's URLs), and the LMS's own details here. */
export function LtiPlatforms() {
  const { t, problem } = useI18n();
  const { session } = useSession();
  const [platforms, setPlatforms] = useState<Platform[] | null>(null);
  const [config, setConfig] = useState<ToolConfig | null>(null);
  const [values, setValues] = useState<Record<(typeof FIELDS)[number], string>>({
    name: '',
    issuer: '',
    clientId: '',
    deploymentIds: '',
    authUrl: '',
    jwksUrl: '',
  });
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const baseId = useId();
  const load = () =>
    void api<{ items: Platform[] }>('/api/v1/lti/platforms')
      .then((r) => setPlatforms(r.items))
      .catch((e) => setMessage({ error: true, text: problem(e) }));
  useEffect(() => {
    if (session?.user.role !== 'admin') return;
    load();
    void api<ToolConfig>('/lti/config').then(setConfig);
  }, [session]);

  if (session?.user.role !== 'admin')
    return (
      <Layout title={t('ltiAdmin.title')}>
        <h1>{t('ltiAdmin.title')}</h1>
        <p>
          {t('ltiAdmin.adminsOnly')} <SignInLink>{t('nav.signIn')}</SignInLink>
        </p>
      </Layout>
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const body = { ...values, deploymentIds: values.deploymentIds.split(/[\s,]+/).filter(Boolean) };
      const created = await api<Platform>('/api/v1/lti/platforms', { method: 'POST', body: JSON.stringify(body) });
      setMessage({ error: false, text: t('ltiAdmin.added', { name: created.name }) });
      setValues({ name: '', issuer: '', clientId: '', deploymentIds: '', authUrl: '', jwksUrl: '' });
      load();
    } catch (e) {
      setMessage({ error: true, text: problem(e) });
    }
  };
  const remove = async (p: Platform) => {
    if (!window.confirm(t('ltiAdmin.confirmRemove', { name: p.name }))) return;
    await api(`/api/v1/lti/platforms/${encodeURIComponent(p.id)}`, { method: 'DELETE' });
    setMessage({ error: false, text: t('ltiAdmin.removed', { name: p.name }) });
    load();
  };

  return (
    <Layout title={t('ltiAdmin.title')}>
      <h1>{t('ltiAdmin.title')}</h1>
      <p>{t('ltiAdmin.intro')}</p>
      {config && (
        <section className="panel" aria-labelledby={`${baseId}-tool`}>
          <h2 id={`${baseId}-tool`}>{t('ltiAdmin.enterThere')}</h2>
          <dl className="meta">
            <div>
              <dt>{t('ltiAdmin.loginUrl')}</dt>
              <dd>
                <code>{config.oidcInitiationUrl}</code>
              </dd>
            </div>
            <div>
              <dt>{t('ltiAdmin.redirectUrl')}</dt>
              <dd>
                <code>{config.redirectUris.join(' ')}</code>
              </dd>
            </div>
            <div>
              <dt>{t('ltiAdmin.deepLinkUrl')}</dt>
              <dd>
                <code>{config.deepLinkingUrl}</code>
              </dd>
            </div>
            <div>
              <dt>{t('ltiAdmin.toolJwks')}</dt>
              <dd>
                <code>{config.jwksUrl}</code>
              </dd>
            </div>
          </dl>
        </section>
      )}
      <h2>{t('ltiAdmin.registered')}</h2>
      {platforms === null ? (
        <p>{t('resource.loading')}</p>
      ) : platforms.length === 0 ? (
        <p>{t('ltiAdmin.none')}</p>
      ) : (
        <ul className="source-list">
          {platforms.map((p) => (
            <li key={p.id} className="panel">
              <strong>{p.name}</strong>{' '}
              <span className="small">
                {p.issuer} · {t('ltiAdmin.clientId')} {p.clientId} · {t('ltiAdmin.deployments')}{' '}
                {p.deploymentIds.join(', ')}
              </span>{' '}
              <button type="button" className="secondary" onClick={() => void remove(p)}>
                {t('builder.remove')}
                <span className="visually-hidden"> {p.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="add-source" onSubmit={(e) => void submit(e)}>
        <fieldset>
          <legend>{t('ltiAdmin.add')}</legend>
          {FIELDS.map((field) => (
            <p key={field}>
              <label htmlFor={`${baseId}-${field}`}>{t(`ltiAdmin.field.${field}`)}</label>
              <br />
              <input
                id={`${baseId}-${field}`}
                className="wide"
                required
                type={field.endsWith('Url') ? 'url' : 'text'}
                value={values[field]}
                onChange={(e) => setValues({ ...values, [field]: e.target.value })}
              />
            </p>
          ))}
          <button type="submit">{t('ltiAdmin.addButton')}</button>
        </fieldset>
      </form>
      <p role="status" className={message?.error ? 'error' : ''}>
        {message?.text ?? ''}
      </p>
    </Layout>
  );
}

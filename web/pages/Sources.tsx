import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, ApiError, type ConnectionPreview, type Source } from '../api.ts';
import { Layout } from '../components/Layout.tsx';
import { ApiKeys } from '../components/ApiKeys.tsx';
import { RunSummary } from '../components/RunSummary.tsx';
import { UploadFile } from '../components/UploadFile.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, SignInLink } from '../router.tsx';
import { useSession } from '../session.tsx';

/** An OAI-PMH error of the endpoint (`LG_HARVEST_OAI_badArgument`) reads as the sentence of its family. */
const familyOf = (code: string) => (code.startsWith('LG_HARVEST_OAI_') ? 'LG_HARVEST_OAI_' : code);

const SCHEDULES = { none: '', daily: '0 3 * * *', weekly: '0 3 * * 0' } as const;
const TYPES = ['oai-pmh', 'iiif-collection', 'file-url', 'nde-dataset'] as const;

/** Sources of the editor's institutions: status, run now, pause; and adding one with a connection test. */
export function Sources() {
  const { t, problem } = useI18n();
  const { session } = useSession();
  const [sources, setSources] = useState<Source[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const editor = session && session.user.role !== 'teacher';
  // The organisations this person acts for (belonging to one as a member gives no say over its sources).
  const editorOf = session?.user.organisations.filter((o) => o.role === 'editor') ?? [];

  const load = () =>
    api<Source[]>('/api/v1/sources')
      .then(setSources)
      .catch((e) => setError(problem(e)));
  useEffect(() => {
    if (editor) void load();
  }, [editor]);
  useEffect(() => {
    if (!sources?.some((s) => s.job || s.lastRun?.status === 'running')) return;
    const timer = window.setInterval(() => void load(), 1000);
    return () => window.clearInterval(timer);
  }, [sources]);

  const act = async (source: Source, action: 'run' | 'pause' | 'resume') => {
    try {
      if (action === 'run') await api(`/api/v1/sources/${source.id}/run`, { method: 'POST', body: '{}' });
      else
        await api(`/api/v1/sources/${source.id}`, {
          method: 'PATCH',
          body: JSON.stringify({ enabled: action === 'resume' }),
        });
      await load();
    } catch (e) {
      setError(problem(e));
    }
  };

  return (
    <Layout title={t('sources.title')}>
      <h1>{t('sources.title')}</h1>
      {!session && (
        <p>
          {t('sources.signIn')} <SignInLink>{t('nav.signIn')}</SignInLink>
        </p>
      )}
      {session && !editor && (
        <p>
          {t('sources.notEditor')} <Link to="/organisatie-aanmelden">{t('apply.link')}</Link>
        </p>
      )}
      {editor && (
        <>
          <p className="lead">{t('sources.intro')}</p>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          {sources && sources.length === 0 && <p>{t('sources.none')}</p>}
          <ul className="source-list">
            {sources?.map((source) => (
              <li key={source.id} className="panel">
                <h2>
                  <Link to={`/bronnen/${source.id}`}>{source.name}</Link>
                </h2>
                <p className="small break">
                  {source.url} · {source.metadataPrefix}
                  {source.set ? ` · ${source.set}` : ''}
                  {!source.enabled ? ` · ${t('sources.paused')}` : ''}
                </p>
                {source.lastRun ? <RunSummary run={source.lastRun} /> : <p>{t('sources.never')}</p>}
                {source.job && source.job.status === 'queued' && <p role="status">{t('sources.queued')}</p>}
                <div className="actions">
                  <button
                    type="button"
                    onClick={() => void act(source, 'run')}
                    disabled={!source.enabled || !!source.job}
                  >
                    {t('sources.run')}
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => void act(source, source.enabled ? 'pause' : 'resume')}
                  >
                    {source.enabled ? t('sources.pause') : t('sources.resume')}
                  </button>
                  <Link to={`/bronnen/${source.id}`}>{t('sources.details')}</Link>
                </div>
              </li>
            ))}
          </ul>
          <UploadFile organisations={editorOf} />
          <AddSource organisations={editorOf} onSaved={() => void load()} />
          {editorOf.map((o) => (
            <ApiKeys key={o.id} organisation={o} />
          ))}
        </>
      )}
    </Layout>
  );
}

function AddSource({ organisations, onSaved }: { organisations: { id: string; name: string }[]; onSaved(): void }) {
  const { t, problem } = useI18n();
  const ids = {
    org: useId(),
    type: useId(),
    name: useId(),
    url: useId(),
    help: useId(),
    format: useId(),
    set: useId(),
    schedule: useId(),
  };
  const [type, setType] = useState<(typeof TYPES)[number]>('oai-pmh');
  const [organisationId, setOrganisationId] = useState(organisations[0]?.id ?? '');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [prefix, setPrefix] = useState('');
  const [set, setSet] = useState('');
  const [schedule, setSchedule] = useState<keyof typeof SCHEDULES>('daily');
  const [preview, setPreview] = useState<ConnectionPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const test = async (override?: { prefix?: string; set?: string }) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const result = await api<ConnectionPreview>('/api/v1/sources/test', {
        method: 'POST',
        body: JSON.stringify({
          type,
          url,
          metadataPrefix: (override?.prefix ?? prefix) || null,
          set: (override?.set ?? set) || null,
        }),
      });
      setPreview(result);
      if (result.metadataPrefix) setPrefix(result.metadataPrefix);
      if (!name && result.identify) setName(result.identify.repositoryName);
      if (!name && result.dataset?.name) setName(result.dataset.name);
    } catch (e) {
      setError(problem(e));
    } finally {
      setBusy(false);
    }
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await api('/api/v1/sources', {
        method: 'POST',
        body: JSON.stringify({
          organisationId,
          name,
          type,
          url,
          metadataPrefix: type === 'oai-pmh' ? prefix : null,
          set: set || null,
          schedule: SCHEDULES[schedule] || null,
        }),
      });
      setMessage(t('sources.saved'));
      setPreview(null);
      setName('');
      setUrl('');
      onSaved();
    } catch (e) {
      setError(problem(e));
    }
  };
  const warning = (w: { code: string; message: string; percent?: number }) => {
    const key = `preview.${w.code}`;
    const text = t(key as 'preview.LG_P_NO_LICENCE', { percent: w.percent ?? 0 });
    return text === key ? w.message : text;
  };

  return (
    <section aria-labelledby="add-source" className="panel add-source">
      <h2 id="add-source">{t('sources.add')}</h2>
      <form onSubmit={(e) => void save(e)} className="form">
        {organisations.length > 0 && (
          <div className="field">
            <label htmlFor={ids.org}>{t('sources.organisation')}</label>
            <select id={ids.org} value={organisationId} onChange={(e) => setOrganisationId(e.target.value)}>
              {organisations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={ids.type}>{t('sources.type')}</label>
          <select
            id={ids.type}
            value={type}
            onChange={(e) => {
              setType(e.target.value as (typeof TYPES)[number]);
              setPreview(null);
            }}
          >
            {TYPES.map((k) => (
              <option key={k} value={k}>
                {t(`sources.type.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.url}>{t('sources.url')}</label>
          <input
            id={ids.url}
            type="url"
            required
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            aria-describedby={ids.help}
          />
          <span id={ids.help} className="small">
            {t('sources.urlHelp')}
          </span>
        </div>
        <p>
          <button type="button" onClick={() => void test()} disabled={!url || busy}>
            {busy ? t('sources.testing') : t('sources.test')}
          </button>
        </p>
        <div aria-live="polite">
          {preview?.problem && (
            <ProblemMessage
              error={new ApiError(0, familyOf(preview.problem.code), preview.problem.message)}
              fallback="LG_HARVEST_CONNECTION"
            />
          )}
          {preview?.identify && (
            <>
              <p>
                <strong>{t('sources.repository')}:</strong> {preview.identify.repositoryName}
              </p>
              <div className="field">
                <label htmlFor={ids.format}>{t('sources.format')}</label>
                <select
                  id={ids.format}
                  value={prefix}
                  onChange={(e) => {
                    setPrefix(e.target.value);
                    void test({ prefix: e.target.value });
                  }}
                >
                  {preview.formats.map((f) => (
                    <option key={f.prefix} value={f.prefix}>
                      {f.prefix}
                      {f.mapped ? '' : ` ${t('sources.formatNotMapped')}`}
                    </option>
                  ))}
                </select>
              </div>
              {preview.sets.length > 0 && (
                <div className="field">
                  <label htmlFor={ids.set}>{t('sources.set')}</label>
                  <select
                    id={ids.set}
                    value={set}
                    onChange={(e) => {
                      setSet(e.target.value);
                      void test({ set: e.target.value });
                    }}
                  >
                    <option value="">{t('sources.allSets')}</option>
                    {preview.sets.map((s) => (
                      <option key={s.spec} value={s.spec}>
                        {s.name || s.spec} ({s.spec})
                      </option>
                    ))}
                  </select>
                </div>
              )}
            </>
          )}
          {preview?.dataset && (
            <>
              <h3>{t('sources.distributions')}</h3>
              <ul>
                {preview.dataset.distributions.map((d) => (
                  <li key={d.url} className="break">
                    {d.description ?? d.url} ({d.mediaTypes.join(', ') || '—'})
                    {d.url === preview.dataset!.chosen ? ` — ${t('sources.chosen')}` : ''}
                  </li>
                ))}
              </ul>
            </>
          )}
          {preview && preview.warnings.length > 0 && (
            <ul className="warnings">
              {preview.warnings.map((w) => (
                <li key={w.code}>{warning(w)}</li>
              ))}
            </ul>
          )}
          {preview && preview.records.length > 0 && (
            <table className="preview">
              <caption>{t('sources.preview')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('sources.previewTitle')}</th>
                  <th scope="col">{t('sources.previewLicence')}</th>
                  <th scope="col">{t('sources.previewStatus')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.records.map((r, i) => (
                  <tr key={`${r.originalId}-${i}`}>
                    <td>{r.title ?? r.originalId}</td>
                    <td className="break">{r.licence ?? '—'}</td>
                    <td>{r.status === 'ok' ? 'ok' : r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        {preview?.ok && (
          <>
            <div className="field">
              <label htmlFor={ids.name}>{t('sources.name')}</label>
              <input id={ids.name} required value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
            </div>
            <div className="field">
              <label htmlFor={ids.schedule}>{t('sources.schedule')}</label>
              <select
                id={ids.schedule}
                value={schedule}
                onChange={(e) => setSchedule(e.target.value as keyof typeof SCHEDULES)}
              >
                {(Object.keys(SCHEDULES) as (keyof typeof SCHEDULES)[]).map((k) => (
                  <option key={k} value={k}>
                    {t(`sources.schedule.${k}`)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit">{t('sources.save')}</button>
          </>
        )}
        {message && <p role="status">{message}</p>}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}

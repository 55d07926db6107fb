import { useEffect, useState } from 'react';
import { api, type ImportRun, type RunReport, type Source } from '../api.ts';
import { Layout } from '../components/Layout.tsx';
import { RunSummary } from '../components/RunSummary.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, useRouter } from '../router.tsx';

/** One source: its settings, every run (live while running) and a link to each run's report. */
export function SourceDetail({ id }: { id: string }) {
  const { t, lang, problem } = useI18n();
  const [source, setSource] = useState<Source | null>(null);
  const [runs, setRuns] = useState<ImportRun[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    try {
      setSource(await api<Source>(`/api/v1/sources/${encodeURIComponent(id)}`));
      setRuns(await api<ImportRun[]>(`/api/v1/imports?source=${encodeURIComponent(id)}`));
    } catch (e) {
      setError(problem(e));
    }
  };
  useEffect(() => {
    void load();
  }, [id]);
  const active = !!source?.job || runs.some((r) => r.status === 'running');
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => void load(), 1000);
    return () => window.clearInterval(timer);
  }, [active]);
  const run = async () => {
    await api(`/api/v1/sources/${encodeURIComponent(id)}/run`, { method: 'POST', body: '{}' }).catch((e) =>
      setError(problem(e)),
    );
    await load();
  };
  const date = (iso: string | null) => (iso ? new Date(iso).toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB') : '—');
  return (
    <Layout title={source?.name ?? t('nav.sources')}>
      <p>
        <Link to="/bronnen">{t('nav.sources')}</Link>
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {source && (
        <>
          <h1>{source.name}</h1>
          <dl className="meta">
            <div>
              <dt>{t('sources.url')}</dt>
              <dd className="break">{source.url}</dd>
            </div>
            <div>
              <dt>{t('sources.format')}</dt>
              <dd>{source.metadataPrefix}</dd>
            </div>
            {source.set && (
              <div>
                <dt>{t('sources.set')}</dt>
                <dd>{source.set}</dd>
              </div>
            )}
            <div>
              <dt>{t('sources.schedule')}</dt>
              <dd>
                {source.schedule ?? t('sources.schedule.none')}
                {!source.enabled ? ` (${t('sources.paused')})` : ''}
              </dd>
            </div>
            {source.nextRunAt && (
              <div>
                <dt>{t('sources.nextRun')}</dt>
                <dd>{date(source.nextRunAt)}</dd>
              </div>
            )}
            {source.harvestFrom && (
              <div>
                <dt>{t('sources.harvestFrom')}</dt>
                <dd>{date(source.harvestFrom)}</dd>
              </div>
            )}
          </dl>
          <p className="actions">
            <button type="button" onClick={() => void run()} disabled={!source.enabled || !!source.job}>
              {t('sources.run')}
            </button>
            {source.job?.status === 'queued' && <span role="status">{t('sources.queued')}</span>}
          </p>
          <h2>{t('sources.runs')}</h2>
          <ul className="run-list" aria-live="polite">
            {runs.map((r) => (
              <li key={r.id} className="panel">
                <RunSummary run={r} />
                <p>
                  <Link to={`/runs/${r.id}`}>{t('run.report')}</Link>
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}

/** The report of one run: counts, error, and every quarantined record with its reason and raw record. */
export function RunReportPage({ id }: { id: string }) {
  const { t, problem } = useI18n();
  const { navigate } = useRouter();
  const [report, setReport] = useState<RunReport | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    api<RunReport>(`/api/v1/imports/${encodeURIComponent(id)}`)
      .then(setReport)
      .catch((e) => setError(problem(e)));
  useEffect(() => {
    void load();
  }, [id]);
  useEffect(() => {
    if (report?.run.status !== 'running') return;
    const timer = window.setInterval(() => void load(), 1000);
    return () => window.clearInterval(timer);
  }, [report?.run.status]);
  const retry = async () => {
    try {
      const result = await api<{ retried: number; resolved: number; rerun?: { runId: string } }>(
        `/api/v1/imports/${encodeURIComponent(id)}/retry`,
        { method: 'POST', body: '{}' },
      );
      if (result.rerun) {
        navigate(`/runs/${result.rerun.runId}`);
        return;
      }
      setMessage(t('run.retried', { resolved: result.resolved, retried: result.retried }));
      await load();
    } catch (e) {
      setError(problem(e));
    }
  };
  const open = report?.issues.filter((i) => !i.resolvedAt) ?? [];
  return (
    <Layout title={t('run.report')}>
      <p>
        <Link to={report ? `/bronnen/${report.run.sourceId}` : '/bronnen'}>{t('nav.sources')}</Link>
      </p>
      <h1>{t('run.report')}</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {report && (
        <>
          <RunSummary run={report.run} />
          {report.run.status === 'failed' && report.fileKept && (
            <p>
              <button type="button" onClick={() => void retry()}>
                {t('run.rerun')}
              </button>{' '}
              <span className="small">{t('run.rerunHint')}</span>
            </p>
          )}
          <h2>{t('run.issues')}</h2>
          {open.length === 0 && <p>{t('run.noIssues')}</p>}
          {open.length > 0 && !(report.run.status === 'failed' && report.fileKept) && (
            <p>
              <button type="button" onClick={() => void retry()}>
                {t('run.retry')}
              </button>
            </p>
          )}
          {message && <p role="status">{message}</p>}
          <ul className="issues">
            {report.issues.map((issue) => (
              <li key={issue.id} className="panel">
                <p className="break">
                  <strong>{issue.originalId ?? '—'}</strong>
                  {issue.resolvedAt ? ` · ${t('run.resolved')}` : ''}
                </p>
                <p>
                  <strong>{t('run.reason')}:</strong> {issue.reason}
                </p>
                {issue.rawRecord && (
                  <details>
                    <summary>{t('run.raw')}</summary>
                    <pre tabIndex={0}>{issue.rawRecord}</pre>
                  </details>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}

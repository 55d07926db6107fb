import type { ImportRun } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** Counts of a run, and a progress bar while it runs (records done of the list size the server gave). */
export function RunSummary({ run }: { run: ImportRun }) {
  const { t, lang } = useI18n();
  const done = run.created + run.updated + run.unchanged + run.withdrawn + run.failed;
  const ended = run.finishedAt ? new Date(run.finishedAt).getTime() : Date.now();
  const seconds = Math.max(0, Math.round((ended - new Date(run.startedAt).getTime()) / 1000));
  return (
    <div className="run-summary">
      <p>
        <span className={`status status-${run.status}`}>{t(`run.status.${run.status}`)}</span>{' '}
        {new Date(run.startedAt).toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB')} · {t('run.duration')}: {seconds} s
      </p>
      {run.status === 'running' && (
        <p>
          <label>
            {t('run.progress')}{' '}
            <progress max={run.completeListSize ?? undefined} value={run.completeListSize ? done : undefined}>
              {done}
            </progress>{' '}
            {done}
            {run.completeListSize ? ` / ${run.completeListSize}` : ''}
          </label>
        </p>
      )}
      <dl className="counts">
        {(['pages', 'created', 'updated', 'unchanged', 'withdrawn', 'failed'] as const).map((k) => (
          <div key={k}>
            <dt>{t(`run.${k}`)}</dt>
            <dd>{run[k]}</dd>
          </div>
        ))}
      </dl>
      <p className="small">
        {t('run.startedBy')}:{' '}
        {run.startedBy.person ??
          (run.startedBy.apiKey
            ? t('run.startedByKey', { name: run.startedBy.apiKey })
            : t('run.startedBySystem'))}{' '}
        ({t(`run.trigger.${run.startedBy.trigger}` as 'run.trigger.upload')})
      </p>
      {run.error && (
        <p className="error">
          <strong>{t('run.error')}:</strong> {run.error}
        </p>
      )}
    </div>
  );
}

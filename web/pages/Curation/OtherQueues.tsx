import { useEffect, useId, useState } from 'react';
import { api, type CheckPage, type ReportPage, type ReviewPage } from '../../api.ts';
import { ProblemMessage } from '../../components/ProblemMessage.tsx';
import { ReasonForm } from '../../components/ReasonForm.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { Pager } from './SuggestionQueue.tsx';

const PAGE = 50;
const CHECKS = ['completeness', 'licence', 'link'] as const;

/** A page of a queue: loads it (again after an action), says what happened, and moves through it. */
function useQueue<T extends { total: number; items: unknown[] }>(path: (offset: number) => string) {
  const [page, setPage] = useState<T | null>(null);
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const url = path(offset);
  const load = () => api<T>(url).then(setPage).catch(setError);
  useEffect(() => {
    void load();
  }, [url]);
  /** Runs an action on an item; the page is read again after it. Resolves to whether it worked. */
  const act = async (work: () => Promise<unknown>, done: string): Promise<boolean> => {
    setError(null);
    setStatus('');
    try {
      await work();
      setStatus(done);
      await load();
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };
  return { page, offset, setOffset, error, status, act };
}

function Feedback({ error, status }: { error: unknown; status: string }) {
  return (
    <>
      <ProblemMessage error={error} />
      <p role="status" className={status ? 'notice' : 'small'}>
        {status}
      </p>
    </>
  );
}

const useDate = () => {
  const { lang } = useI18n();
  return (iso: string) => new Date(iso).toLocaleDateString(lang === 'en' ? 'en-GB' : 'nl-NL');
};

/** Records whose latest automatic check failed, with what it found and a link to fix them. */
export function CheckQueue({ scope }: { scope: string; onChange: () => void }) {
  const { t, has } = useI18n();
  const date = useDate();
  const [kind, setKind] = useState('');
  const field = useId();
  const q = useQueue<CheckPage>(
    (offset) =>
      `/api/v1/curation/checks?limit=${PAGE}&offset=${offset}${kind ? `&kind=${kind}` : ''}${scope ? `&${scope}` : ''}`,
  );
  const detail = (item: CheckPage['items'][number]) => {
    if (item.kind === 'link') {
      const status = item.detail.httpStatus as number | null | undefined;
      return t('curation.linkDetail', {
        url: String(item.detail.url ?? ''),
        outcome: status ? `HTTP ${status}` : t('curation.linkUnreachable'),
      });
    }
    const missing = (item.detail.missing as string[] | undefined) ?? [];
    if (item.kind === 'completeness' || missing.length)
      return t('curation.missing', {
        fields: missing.map((f) => (has(`field.${f}`) ? t(`field.${f}` as 'field.title') : f)).join(', '),
      });
    return item.detail.value
      ? t('curation.licenceValue', { value: String(item.detail.value) })
      : t('curation.noLicence');
  };
  return (
    <section aria-label={t('curation.tab.checks', { count: q.page?.total ?? 0 })}>
      <form className="form filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={field}>{t('curation.checkKind')}</label>
          <select
            id={field}
            value={kind}
            onChange={(e) => {
              q.setOffset(0);
              setKind(e.target.value);
            }}
          >
            <option value="">{t('curation.anyCheck')}</option>
            {CHECKS.map((c) => (
              <option key={c} value={c}>
                {t(`curation.check.${c}`)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <Feedback error={q.error} status={q.status} />
      {!q.page ? (
        <p aria-live="polite">{t('curation.loading')}</p>
      ) : q.page.items.length === 0 ? (
        <p>{t('curation.empty')}</p>
      ) : (
        <>
          <ul className="plain-list">
            {q.page.items.map((item) => (
              <li key={`${item.resource.id} ${item.kind}`} className="boxed queue-item">
                <p>
                  <strong>{t(`curation.check.${item.kind as (typeof CHECKS)[number]}`)}</strong>{' '}
                  <span className="small">{t('curation.checkedAt', { date: date(item.checkedAt) })}</span>
                </p>
                <p>
                  <Link
                    to={`/r/${encodeURIComponent(item.resource.id)}`}
                    aria-label={t('curation.fix', { title: item.resource.title })}
                  >
                    {item.resource.title}
                  </Link>
                  {item.resource.organisation && (
                    <span className="small">
                      {' '}
                      · {t('curation.institution', { name: item.resource.organisation.name })}
                    </span>
                  )}
                </p>
                <p className="small">{detail(item)}</p>
              </li>
            ))}
          </ul>
          <Pager offset={q.offset} shown={q.page.items.length} total={q.page.total} onMove={q.setOffset} />
        </>
      )}
    </section>
  );
}

/** New reviews no curator looked at yet: approve them, or hide them with a reason. */
export function ReviewQueue({ scope, onChange }: { scope: string; onChange: () => void }) {
  const { t } = useI18n();
  const date = useDate();
  const [hiding, setHiding] = useState<string | null>(null);
  const q = useQueue<ReviewPage>(
    (offset) => `/api/v1/curation/reviews?limit=${PAGE}&offset=${offset}${scope ? `&${scope}` : ''}`,
  );
  const moderate = (item: ReviewPage['items'][number], hidden: boolean, reason?: string) =>
    q.act(
      async () => {
        await api(`/api/v1/resources/${encodeURIComponent(item.resource.id)}/reviews/${encodeURIComponent(item.id)}`, {
          method: 'PATCH',
          body: JSON.stringify(hidden ? { hidden, reason } : { hidden }),
        });
        onChange();
      },
      t(hidden ? 'curation.hidden' : 'curation.approved'),
    );
  return (
    <section aria-label={t('curation.tab.reviews', { count: q.page?.total ?? 0 })}>
      <Feedback error={q.error} status={q.status} />
      {!q.page ? (
        <p aria-live="polite">{t('curation.loading')}</p>
      ) : q.page.items.length === 0 ? (
        <p>{t('curation.empty')}</p>
      ) : (
        <>
          <ul className="plain-list">
            {q.page.items.map((item) => (
              <li key={item.id} className="boxed queue-item">
                <p>
                  <strong>{t('curation.reviewBy', { name: item.reviewer, date: date(item.createdAt) })}</strong>
                </p>
                <p>
                  <Link to={`/r/${encodeURIComponent(item.resource.id)}`}>{item.resource.title}</Link>
                </p>
                {item.summary && <blockquote>{item.summary}</blockquote>}
                {hiding === item.id ? (
                  <ReasonForm
                    label={t('curation.hideReason')}
                    confirm={t('curation.hide')}
                    onSubmit={(reason) => moderate(item, true, reason)}
                    onCancel={() => setHiding(null)}
                  />
                ) : (
                  <p className="actions">
                    <button
                      type="button"
                      aria-label={t('curation.approveOf', { name: item.reviewer })}
                      onClick={() => void moderate(item, false)}
                    >
                      {t('curation.approve')}
                    </button>{' '}
                    <button
                      type="button"
                      className="secondary"
                      aria-label={t('curation.hideOf', { name: item.reviewer })}
                      onClick={() => setHiding(item.id)}
                    >
                      {t('curation.hide')}
                    </button>
                  </p>
                )}
              </li>
            ))}
          </ul>
          <Pager offset={q.offset} shown={q.page.items.length} total={q.page.total} onMove={q.setOffset} />
        </>
      )}
    </section>
  );
}

/** Problems people reported: resolved, or dismissed with a reason. */
export function ReportQueue({ scope, onChange }: { scope: string; onChange: () => void }) {
  const { t } = useI18n();
  const date = useDate();
  const [dismissing, setDismissing] = useState<string | null>(null);
  const q = useQueue<ReportPage>(
    (offset) => `/api/v1/curation/reports?limit=${PAGE}&offset=${offset}${scope ? `&${scope}` : ''}`,
  );
  const handle = (id: string, status: 'resolved' | 'dismissed', note?: string) =>
    q.act(
      async () => {
        await api(`/api/v1/curation/reports/${encodeURIComponent(id)}`, {
          method: 'PATCH',
          body: JSON.stringify({ status, note: note ?? null }),
        });
        onChange();
      },
      t(status === 'resolved' ? 'curation.resolved' : 'curation.dismissed'),
    );
  return (
    <section aria-label={t('curation.tab.reports', { count: q.page?.total ?? 0 })}>
      <Feedback error={q.error} status={q.status} />
      {!q.page ? (
        <p aria-live="polite">{t('curation.loading')}</p>
      ) : q.page.items.length === 0 ? (
        <p>{t('curation.empty')}</p>
      ) : (
        <>
          <ul className="plain-list">
            {q.page.items.map((item) => (
              <li key={item.id} className="boxed queue-item">
                <p>
                  <strong>{t(`report.category.${item.category}`)}</strong>{' '}
                  <span className="small">{t('curation.reportOn', { date: date(item.createdAt) })}</span>
                </p>
                <p>
                  <Link to={`/r/${encodeURIComponent(item.resource.id)}`}>{item.resource.title}</Link>
                  {item.resource.organisation && (
                    <span className="small">
                      {' '}
                      · {t('curation.institution', { name: item.resource.organisation.name })}
                    </span>
                  )}
                </p>
                <blockquote>{item.message}</blockquote>
                {dismissing === item.id ? (
                  <ReasonForm
                    label={t('curation.dismissReason')}
                    confirm={t('curation.dismiss')}
                    onSubmit={(reason) => handle(item.id, 'dismissed', reason)}
                    onCancel={() => setDismissing(null)}
                  />
                ) : (
                  <p className="actions">
                    <button
                      type="button"
                      aria-label={t('curation.resolveOf', { title: item.resource.title })}
                      onClick={() => void handle(item.id, 'resolved')}
                    >
                      {t('curation.resolve')}
                    </button>{' '}
                    <button
                      type="button"
                      className="secondary"
                      aria-label={t('curation.dismissOf', { title: item.resource.title })}
                      onClick={() => setDismissing(item.id)}
                    >
                      {t('curation.dismiss')}
                    </button>
                  </p>
                )}
              </li>
            ))}
          </ul>
          <Pager offset={q.offset} shown={q.page.items.length} total={q.page.total} onMove={q.setOffset} />
        </>
      )}
    </section>
  );
}

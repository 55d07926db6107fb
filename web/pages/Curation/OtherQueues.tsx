import { useId, useState } from 'react';
import { api, type CheckPage, type ReportPage, type ReviewPage } from '../../api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { PAGE, QueueItems, RecordLine, TwoWays, useDate, useFieldName, useQueue } from './parts.tsx';

const CHECKS = ['completeness', 'licence', 'link'] as const;
const query = (path: string, offset: number, scope: string, extra = '') =>
  `${path}?limit=${PAGE}&offset=${offset}${extra}${scope ? `&${scope}` : ''}`;

/** Records whose latest automatic check failed, with what it found and a link to fix them. */
export function CheckQueue({ scope }: { scope: string; onChange: () => void }) {
  const { t } = useI18n();
  const date = useDate();
  const fieldName = useFieldName();
  const [kind, setKind] = useState('');
  const field = useId();
  const q = useQueue<CheckPage>((offset) =>
    query('/api/v1/curation/checks', offset, scope, kind ? `&kind=${kind}` : ''),
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
      return t('curation.missing', { fields: missing.map(fieldName).join(', ') });
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
      <QueueItems
        q={q}
        itemKey={(item) => `${item.resource.id} ${item.kind}`}
        item={(item) => (
          <>
            <p>
              <strong>{t(`curation.check.${item.kind as (typeof CHECKS)[number]}`)}</strong>{' '}
              <span className="small">{t('curation.checkedAt', { date: date(item.checkedAt) })}</span>
            </p>
            <RecordLine resource={item.resource} fix />
            <p className="small">{detail(item)}</p>
          </>
        )}
      />
    </section>
  );
}

/** New reviews no curator looked at yet: approve them, or hide them with a reason. */
export function ReviewQueue({ scope, onChange }: { scope: string; onChange: () => void }) {
  const { t } = useI18n();
  const date = useDate();
  const q = useQueue<ReviewPage>((offset) => query('/api/v1/curation/reviews', offset, scope));
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
      <QueueItems
        q={q}
        itemKey={(item) => item.id}
        item={(item) => (
          <>
            <p>
              <strong>{t('curation.reviewBy', { name: item.reviewer, date: date(item.createdAt) })}</strong>
            </p>
            <RecordLine resource={item.resource} />
            {item.summary && <blockquote>{item.summary}</blockquote>}
            <TwoWays
              yes={{
                text: t('curation.approve'),
                label: t('curation.approveOf', { name: item.reviewer }),
                onClick: () => void moderate(item, false),
              }}
              no={{
                text: t('curation.hide'),
                label: t('curation.hideOf', { name: item.reviewer }),
                reason: t('curation.hideReason'),
                onReason: (reason) => moderate(item, true, reason),
              }}
            />
          </>
        )}
      />
    </section>
  );
}

/** Problems people reported: resolved, or dismissed with a reason. */
export function ReportQueue({ scope, onChange }: { scope: string; onChange: () => void }) {
  const { t } = useI18n();
  const date = useDate();
  const q = useQueue<ReportPage>((offset) => query('/api/v1/curation/reports', offset, scope));
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
      <QueueItems
        q={q}
        itemKey={(item) => item.id}
        item={(item) => (
          <>
            <p>
              <strong>{t(`report.category.${item.category}`)}</strong>{' '}
              <span className="small">{t('curation.reportOn', { date: date(item.createdAt) })}</span>
            </p>
            <RecordLine resource={item.resource} />
            <blockquote>{item.message}</blockquote>
            <TwoWays
              yes={{
                text: t('curation.resolve'),
                label: t('curation.resolveOf', { title: item.resource.title }),
                onClick: () => void handle(item.id, 'resolved'),
              }}
              no={{
                text: t('curation.dismiss'),
                label: t('curation.dismissOf', { title: item.resource.title }),
                reason: t('curation.dismissReason'),
                onReason: (reason) => handle(item.id, 'dismissed', reason),
              }}
            />
          </>
        )}
      />
    </section>
  );
}

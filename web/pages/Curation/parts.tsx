import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../../api.ts';
import { ProblemMessage } from '../../components/ProblemMessage.tsx';
import { ReasonForm } from '../../components/ReasonForm.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';

/** How many items a page of a queue (or of the report) shows. */
export const PAGE = 50;

/** Previous and next page of a queue, with where in it this page is. */
export function Pager({
  offset,
  shown,
  total,
  onMove,
}: {
  offset: number;
  shown: number;
  total: number;
  onMove: (offset: number) => void;
}) {
  const { t } = useI18n();
  if (total === 0) return null;
  return (
    <p className="actions">
      <span>{t('curation.shown', { from: offset + 1, to: offset + shown, total })}</span>{' '}
      {offset > 0 && (
        <button type="button" className="secondary" onClick={() => onMove(Math.max(0, offset - PAGE))}>
          {t('curation.previous')}
        </button>
      )}{' '}
      {offset + shown < total && (
        <button type="button" className="secondary" onClick={() => onMove(offset + PAGE)}>
          {t('curation.next')}
        </button>
      )}
    </p>
  );
}

/** The record a queue item is about: a link to its page (to fix it there when asked) and its institution. */
export function RecordLine({
  resource,
  fix = false,
}: {
  resource: { id: string; title: string; organisation: { name: string } | null };
  fix?: boolean;
}) {
  const { t } = useI18n();
  return (
    <p>
      <Link
        to={`/r/${encodeURIComponent(resource.id)}${fix ? '#bewerken' : ''}`}
        aria-label={fix ? t('curation.fix', { title: resource.title }) : undefined}
      >
        {resource.title}
      </Link>
      {resource.organisation && (
        <span className="small"> · {t('curation.institution', { name: resource.organisation.name })}</span>
      )}
    </p>
  );
}

/** A page of a queue: loads it (again after an action), says what happened, and moves through it. */
export function useQueue<T extends { total: number; items: unknown[] }>(path: (offset: number) => string) {
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

/**
 * A queue's page as people read it: what went wrong or was done, then "loading", "nothing to do"
 * or its items (each drawn by `item`) with the pager.
 */
export function QueueItems<T>({
  q,
  itemKey,
  item,
}: {
  q: {
    page: { total: number; items: T[] } | null;
    offset: number;
    setOffset: (offset: number) => void;
    error: unknown;
    status: string;
  };
  itemKey: (item: T) => string;
  item: (item: T) => ReactNode;
}) {
  const { t } = useI18n();
  return (
    <>
      <ProblemMessage error={q.error} />
      <p role="status" className={q.status ? 'notice' : 'small'}>
        {q.status}
      </p>
      {!q.page ? (
        <p aria-live="polite">{t('curation.loading')}</p>
      ) : q.page.items.length === 0 ? (
        <p>{t('curation.empty')}</p>
      ) : (
        <>
          <ul className="plain-list">
            {q.page.items.map((i) => (
              <li key={itemKey(i)} className="boxed queue-item">
                {item(i)}
              </li>
            ))}
          </ul>
          <Pager offset={q.offset} shown={q.page.items.length} total={q.page.total} onMove={q.setOffset} />
        </>
      )}
    </>
  );
}

/**
 * The two ways to take an item off a queue: one at a click (approve, resolve), the other with a
 * reason asked first (hide, dismiss).
 */
export function TwoWays({
  yes,
  no,
}: {
  yes: { text: string; label: string; onClick: () => void };
  no: { text: string; label: string; reason: string; onReason: (reason: string) => Promise<boolean> };
}) {
  const [asking, setAsking] = useState(false);
  if (asking)
    return <ReasonForm label={no.reason} confirm={no.text} onSubmit={no.onReason} onCancel={() => setAsking(false)} />;
  return (
    <p className="actions">
      <button type="button" aria-label={yes.label} onClick={yes.onClick}>
        {yes.text}
      </button>{' '}
      <button type="button" className="secondary" aria-label={no.label} onClick={() => setAsking(true)}>
        {no.text}
      </button>
    </p>
  );
}

/** Dates as the interface's language writes them. */
export function useDate(): (iso: string) => string {
  const { lang } = useI18n();
  return (iso: string) => new Date(iso).toLocaleDateString(lang === 'en' ? 'en-GB' : 'nl-NL');
}

/** A metadata field's name as people read it (the completeness check names fields by their key). */
export function useFieldName(): (field: string) => string {
  const { t, has } = useI18n();
  return (field: string) => (has(`field.${field}`) ? t(`field.${field}` as 'field.title') : field);
}

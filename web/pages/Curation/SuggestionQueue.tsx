import { useEffect, useId, useState } from 'react';
import { api, type SuggestionPage } from '../../api.ts';
import { ProblemMessage } from '../../components/ProblemMessage.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { PAGE, Pager, RecordLine } from './parts.tsx';

const SCORES = [0, 0.2, 0.3, 0.5] as const;
type Item = SuggestionPage['items'][number];
const keyOf = (s: Item) => `${s.resource.id} ${s.objective.id}`;

/**
 * Suggested learning objectives waiting for a decision, best first, each with its evidence (the
 * words that matched, the record's text, teachers' votes): accepted or rejected one by one, or
 * all selected of a filtered page at once.
 */
export function SuggestionQueue({ scope, onChange }: { scope: string; onChange: () => void }) {
  const { t } = useI18n();
  const [page, setPage] = useState<SuggestionPage | null>(null);
  const [offset, setOffset] = useState(0);
  const [minScore, setMinScore] = useState(0);
  const [objectiveId, setObjectiveId] = useState('');
  const [objectives, setObjectives] = useState<Map<string, string>>(new Map());
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const ids = { score: useId(), objective: useId(), all: useId() };

  const load = () => {
    const query = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
    if (minScore) query.set('minScore', String(minScore));
    if (objectiveId) query.set('objectiveId', objectiveId);
    return api<SuggestionPage>(`/api/v1/curation/suggestions?${query.toString()}${scope ? `&${scope}` : ''}`)
      .then((p) => {
        setPage(p);
        setSelected(new Set());
        // The objectives met so far make the filter's choices.
        setObjectives((known) => {
          const next = new Map(known);
          for (const s of p.items)
            next.set(s.objective.id, `${s.objective.notation ? `${s.objective.notation} ` : ''}${s.objective.label}`);
          return next;
        });
      })
      .catch(setError);
  };
  useEffect(() => {
    void load();
  }, [offset, minScore, objectiveId, scope]);

  const decide = async (items: Item[], decision: 'accepted' | 'rejected') => {
    setError(null);
    setStatus('');
    try {
      const { decided } = await api<{ decided: number }>('/api/v1/curation/suggestions/decisions', {
        method: 'POST',
        body: JSON.stringify({
          decision,
          items: items.map((s) => ({ resourceId: s.resource.id, objectiveId: s.objective.id })),
        }),
      });
      setStatus(t(decision === 'accepted' ? 'curation.accepted' : 'curation.rejected', { count: decided }));
      await load();
      onChange();
    } catch (e) {
      setError(e);
    }
  };
  const items = page?.items ?? [];
  const chosen = items.filter((s) => selected.has(keyOf(s)));
  const toggle = (key: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  return (
    <section aria-label={t('curation.tab.suggestions', { count: page?.total ?? 0 })}>
      <form className="form filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={ids.score}>{t('curation.minScore')}</label>
          <select
            id={ids.score}
            value={minScore}
            onChange={(e) => {
              setOffset(0);
              setMinScore(Number(e.target.value));
            }}
          >
            {SCORES.map((s) => (
              <option key={s} value={s}>
                {s === 0 ? t('curation.anyScore') : `≥ ${s}`}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.objective}>{t('curation.objective')}</label>
          <select
            id={ids.objective}
            value={objectiveId}
            onChange={(e) => {
              setOffset(0);
              setObjectiveId(e.target.value);
            }}
          >
            <option value="">{t('curation.anyObjective')}</option>
            {[...objectives].map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ProblemMessage error={error} />
      <p role="status" className={status ? 'notice' : 'small'}>
        {status}
      </p>
      {!page ? (
        <p aria-live="polite">{t('curation.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('curation.empty')}</p>
      ) : (
        <>
          <div className="bulk-bar">
            <input
              type="checkbox"
              id={ids.all}
              checked={chosen.length === items.length}
              onChange={(e) => setSelected(new Set(e.target.checked ? items.map(keyOf) : []))}
            />{' '}
            <label htmlFor={ids.all}>{t('curation.selectAll', { count: items.length })}</label>{' '}
            <button type="button" disabled={!chosen.length} onClick={() => void decide(chosen, 'accepted')}>
              {t('curation.acceptSelected', { count: chosen.length })}
            </button>{' '}
            <button
              type="button"
              className="secondary"
              disabled={!chosen.length}
              onClick={() => void decide(chosen, 'rejected')}
            >
              {t('curation.rejectSelected', { count: chosen.length })}
            </button>
          </div>
          <ul className="plain-list">
            {items.map((s) => (
              <SuggestionRow
                key={keyOf(s)}
                item={s}
                checked={selected.has(keyOf(s))}
                onToggle={(on) => toggle(keyOf(s), on)}
                onDecide={(decision) => void decide([s], decision)}
              />
            ))}
          </ul>
          <Pager offset={offset} shown={items.length} total={page.total} onMove={setOffset} />
        </>
      )}
    </section>
  );
}

function SuggestionRow({
  item,
  checked,
  onToggle,
  onDecide,
}: {
  item: Item;
  checked: boolean;
  onToggle: (on: boolean) => void;
  onDecide: (decision: 'accepted' | 'rejected') => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const objective = `${item.objective.notation ? `${item.objective.notation} ` : ''}${item.objective.label}`;
  const names = { objective, title: item.resource.title };
  return (
    <li className="boxed queue-item">
      <p>
        <input type="checkbox" id={id} checked={checked} onChange={(e) => onToggle(e.target.checked)} />{' '}
        <label htmlFor={id}>
          <strong>{objective}</strong>
        </label>{' '}
        <span className="small">{t('curation.score', { score: item.score.toFixed(2) })}</span>
      </p>
      <RecordLine resource={item.resource} />
      {item.resource.excerpt && <p className="small excerpt">{item.resource.excerpt}</p>}
      <p className="small">
        {t('curation.matched')}:{' '}
        {item.matchedWords.map((w, i) => (
          <span key={w}>
            {i > 0 && ', '}
            <mark>{w}</mark>
          </span>
        ))}
        {(item.votes.accepted > 0 || item.votes.rejected > 0) && (
          <> · {t('curation.votes', { accepted: item.votes.accepted, rejected: item.votes.rejected })}</>
        )}
      </p>
      <p className="actions">
        <button type="button" aria-label={t('curation.acceptOne', names)} onClick={() => onDecide('accepted')}>
          {t('curation.accept')}
        </button>{' '}
        <button
          type="button"
          className="secondary"
          aria-label={t('curation.rejectOne', names)}
          onClick={() => onDecide('rejected')}
        >
          {t('curation.reject')}
        </button>
      </p>
    </li>
  );
}

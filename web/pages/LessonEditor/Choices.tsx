import { useEffect, useId, useState } from 'react';
import { api, type VocabConcept } from '../../api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { COMMON_LEVEL } from './model.ts';

export function LevelChoice({
  legend,
  all,
  chosen,
  onChange,
  only,
}: {
  legend: string;
  all: VocabConcept[];
  chosen: string[];
  onChange: (ids: string[]) => void;
  only?: string[];
}) {
  const { t, label } = useI18n();
  const [everything, setEverything] = useState(false);
  const shown = only?.length
    ? all.filter((c) => only.includes(c.id))
    : all.filter((c) => everything || chosen.includes(c.id) || COMMON_LEVEL.test(c.labelNl));
  const toggle = (levelId: string, on: boolean) =>
    onChange(on ? [...chosen, levelId] : chosen.filter((c) => c !== levelId));
  return (
    <fieldset className="inline-choices level-choice">
      <legend>{legend}</legend>
      {shown.map((c) => (
        <label key={c.id}>
          <input type="checkbox" checked={chosen.includes(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} />{' '}
          {label(c.labelNl, c.labelEn)}
        </label>
      ))}
      {!only?.length && (
        <button
          type="button"
          className="link-button"
          aria-expanded={everything}
          onClick={() => setEverything(!everything)}
        >
          {everything ? t('builder.fewerLevels') : t('builder.allLevels')}
        </button>
      )}
    </fieldset>
  );
}

/** Kerndoelen by search: type words, pick from the matches. */
export function ObjectiveChoice({ chosen, onChange }: { chosen: string[]; onChange: (ids: string[]) => void }) {
  const { t, label } = useI18n();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<VocabConcept[]>([]);
  const [known, setKnown] = useState<Map<string, string>>(new Map());
  const name = (c: VocabConcept) => `${c.notation ? `${c.notation} ` : ''}${label(c.labelNl, c.labelEn)}`;
  const inputId = useId();
  useEffect(() => {
    void api<{ concepts: VocabConcept[] }>('/api/v1/vocabularies/kerndoel')
      .then((r) => setKnown(new Map(r.concepts.map((c) => [c.id, name(c)]))))
      .catch(() => undefined);
  }, []);
  useEffect(() => {
    if (q.trim().length < 2) {
      setFound([]);
      return;
    }
    const timer = window.setTimeout(() => {
      void api<{ concepts: VocabConcept[] }>(`/api/v1/vocabularies/kerndoel?q=${encodeURIComponent(q)}`)
        .then((r) => setFound(r.concepts.slice(0, 8)))
        .catch(() => setFound([]));
    }, 250);
    return () => window.clearTimeout(timer);
  }, [q]);
  return (
    <div className="objective-choice">
      <label htmlFor={inputId}>{t('builder.objectives')}</label>
      {chosen.length > 0 && (
        <ul className="chips">
          {chosen.map((o) => (
            <li key={o}>
              {known.get(o) ?? o}{' '}
              <button type="button" className="link-button" onClick={() => onChange(chosen.filter((c) => c !== o))}>
                {t('builder.remove')}
                <span className="visually-hidden"> {known.get(o) ?? o}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        id={inputId}
        type="search"
        value={q}
        placeholder={t('builder.objectiveSearch')}
        onChange={(e) => setQ(e.target.value)}
      />
      {found.length > 0 && (
        <ul className="pick-list">
          {found
            .filter((c) => !chosen.includes(c.id))
            .map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    setKnown(new Map(known).set(c.id, name(c)));
                    onChange([...chosen, c.id]);
                    setQ('');
                  }}
                >
                  {name(c)}
                </button>
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}

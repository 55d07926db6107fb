import { useEffect, useId, useRef, useState } from 'react';
import { type LessonDocument, type LessonItem } from '../../../src/lessons/document.ts';
import { type Lesson } from '../../api.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** The words of a block, short, so two versions can be told apart at a glance. */
function blockText(item: LessonItem): string {
  switch (item.type) {
    case 'text':
      return item.markdown;
    case 'task':
      return [item.task.question, ...(item.task.kind === 'choice' ? item.task.options.map((o) => o.text) : [])]
        .filter(Boolean)
        .join(' / ');
    case 'closed':
      return [item.title, item.url].filter(Boolean).join(' — ');
    case 'resource':
      return item.note;
    case 'detail':
      return item.caption;
  }
}

function Version({ heading, doc }: { heading: string; doc: LessonDocument }) {
  const { t } = useI18n();
  return (
    <div className="conflict-version">
      <h3>{heading}</h3>
      <p>
        <strong>{doc.title || t('builder.untitled')}</strong>
      </p>
      {doc.summary && <p className="small">{doc.summary}</p>}
      <ol>
        {doc.sections.map((s) => (
          <li key={s.id}>
            {s.title || t('builder.untitledPart')}
            <ul className="small">
              {s.variants.flatMap((v) =>
                v.items.map((item) => (
                  <li key={`${v.id}-${item.id}`}>
                    {t(`builder.type.${item.type}`)}: {blockText(item).slice(0, 120) || '—'}
                  </li>
                )),
              )}
            </ul>
          </li>
        ))}
      </ol>
    </div>
  );
}

/**
 * Someone saved the lesson elsewhere (another tab, another device) since this editor loaded it.
 * Both versions are shown; whichever the teacher keeps here, the other becomes a lesson of its own,
 * so neither is lost.
 */
export function ConflictPanel({
  mine,
  theirs,
  onKeepBoth,
  onUseMine,
}: {
  mine: LessonDocument;
  theirs: Lesson;
  onKeepBoth: () => Promise<void>;
  onUseMine: () => Promise<void>;
}) {
  const { t, lang, problem } = useI18n();
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => heading.current?.focus(), []);
  const run = (action: () => Promise<void>) => async () => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(problem(e));
      setBusy(false);
    }
  };
  return (
    <section className="panel conflict" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {t('builder.conflictTitle')}
      </h2>
      <p>{t('builder.conflictHelp')}</p>
      <div className="conflict-versions">
        <Version heading={t('builder.conflictMine')} doc={mine} />
        <Version
          heading={t('builder.conflictTheirs', {
            time: new Date(theirs.updatedAt).toLocaleTimeString(lang === 'en' ? 'en-GB' : 'nl-NL'),
          })}
          doc={theirs.document}
        />
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p className="actions">
        <button type="button" disabled={busy} onClick={() => void run(onKeepBoth)()}>
          {t('builder.conflictKeepBoth')}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => void run(onUseMine)()}>
          {t('builder.conflictUseMine')}
        </button>
      </p>
    </section>
  );
}

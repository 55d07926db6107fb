import { type CompletenessProblem } from '../../../src/lessons/completeness.ts';
import { useId, useRef, useState } from 'react';
import { NEEDS, type LessonDocument } from '../../../src/lessons/document.ts';
import { api, ApiError, type Lesson, type LessonCheck } from '../../api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { ShareLesson } from '../../components/ShareLesson.tsx';
import { LESSON_LICENCES, itemTitle, licenceName } from './model.ts';

export function LicencePanel({
  doc,
  check,
  onLicence,
  onLink,
}: {
  doc: LessonDocument;
  check: LessonCheck | null;
  onLicence: (uri: string) => void;
  onLink: (itemId: string) => void;
}) {
  const { t, lang } = useI18n();
  const selectId = useId();
  const chosen = check?.licence.chosen;
  return (
    <section className="panel" aria-labelledby={`${selectId}-h`}>
      <h2 id={`${selectId}-h`}>{t('builder.licenceCheck')}</h2>
      <label htmlFor={selectId}>{t('lesson.licence')}</label>{' '}
      <select id={selectId} value={doc.licence} onChange={(e) => onLicence(e.target.value)}>
        {LESSON_LICENCES.map(([uri, name]) => (
          <option key={uri} value={uri}>
            {name}
            {check && !check.licence.allowed.includes(uri) ? ` (${t('builder.notAllowed')})` : ''}
          </option>
        ))}
      </select>
      {!check ? (
        <p className="small">{t('resource.loading')}</p>
      ) : chosen?.allowed ? (
        <p className="licence-ok">{t('builder.licenceFits', { licence: licenceName(doc.licence) })}</p>
      ) : (
        <div className="licence-conflict" role="alert">
          <p>
            <strong>{t('builder.licenceConflict', { licence: licenceName(doc.licence) })}</strong>
          </p>
          <ul>
            {chosen?.problems.map((p, i) => (
              <li key={i}>{p[lang]}</li>
            ))}
          </ul>
          <p>{t('builder.waysOut')}</p>
          <ul className="remedies">
            {chosen?.remedies.map((r, i) => (
              <li key={i}>
                {r.type === 'choose-licence' &&
                  (r.licences ?? []).map((l) => (
                    <button key={l} type="button" onClick={() => onLicence(l)}>
                      {t('builder.chooseLicence', { licence: licenceName(l) })}
                    </button>
                  ))}
                {r.type === 'link' && (
                  <button type="button" onClick={() => onLink(r.item ?? '')}>
                    {t('builder.linkInstead', { item: itemTitle(check, r.item ?? '') })}
                  </button>
                )}
                {r.type === 'replace' && (
                  <span>{t('builder.replaceItem', { item: itemTitle(check, r.item ?? '') })}</span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {check && check.licence.notes.length > 0 && (
        <ul className="small">
          {check.licence.notes.map((n, i) => (
            <li key={i}>{n[lang]}</li>
          ))}
        </ul>
      )}
      {check && (
        <p className="small">
          {t('builder.allowedLicences')}: {check.licence.allowed.map(licenceName).join(', ') || '—'}
        </p>
      )}
    </section>
  );
}

export function PreviewPanel({
  id,
  doc,
  levelLabel,
}: {
  id: string;
  doc: LessonDocument;
  levelLabel: (id: string) => string;
}) {
  const { t } = useI18n();
  const [choice, setChoice] = useState('');
  const selectId = useId();
  const levels = [...new Set(doc.sections.flatMap((s) => s.variants.flatMap((v) => v.audience.levels)))];
  const needs = NEEDS.filter((n) => doc.sections.some((s) => s.variants.some((v) => v.audience.need === n)));
  return (
    <section className="panel" aria-labelledby={`${selectId}-h`}>
      <h2 id={`${selectId}-h`}>{t('builder.preview')}</h2>
      {(levels.length > 0 || needs.length > 0) && (
        <>
          <label htmlFor={selectId}>{t('lesson.variantFor')}</label>{' '}
          <select id={selectId} value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value="">{t('lesson.everyone')}</option>
            {levels.map((l) => (
              <option key={l} value={`niveau=${l}`}>
                {levelLabel(l)}
              </option>
            ))}
            {needs.map((n) => (
              <option key={n} value={`behoefte=${n}`}>
                {t(`lesson.need.${n}` as 'lesson.need.basis')}
              </option>
            ))}
          </select>
        </>
      )}
      <p>
        <Link to={`/les/${id}${choice ? `?${choice}` : ''}`}>{t('builder.previewAsPupil')}</Link>
      </p>
    </section>
  );
}

export function PublishPanel({
  lesson,
  saved,
  revision,
  allowed,
  onPublished,
  onIncomplete,
}: {
  lesson: Lesson;
  saved: boolean;
  revision: number;
  allowed: boolean;
  onPublished: (l: Lesson) => void;
  onIncomplete: (problems: CompletenessProblem[]) => void;
}) {
  const { t, problem } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const noteId = useId();
  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      const published = await api<Lesson>(`/api/v1/lessons/${encodeURIComponent(lesson.id)}/publish`, {
        method: 'POST',
        body: JSON.stringify({ changeNote: note, revision }),
      });
      onPublished(published);
      setNote('');
      dialog.current?.close();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'LG_LESSON_INCOMPLETE' && Array.isArray(e.details.problems)) {
        // Each missing piece is shown at its block; focus goes to the first.
        dialog.current?.close();
        onIncomplete(e.details.problems as CompletenessProblem[]);
      } else setError(problem(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby={`${noteId}-h`}>
      <h2 id={`${noteId}-h`}>{t('builder.publish')}</h2>
      <p className="small">
        {lesson.version ? t('builder.publishedVersion', { n: lesson.version }) : t('builder.draftOnly')}
      </p>
      <button type="button" disabled={!saved} onClick={() => dialog.current?.showModal()}>
        {lesson.version ? t('builder.publishAgain') : t('builder.publish')}
      </button>
      {!saved && <p className="small">{t('builder.waitForSave')}</p>}
      {!allowed && <p className="small">{t('builder.fixLicenceFirst')}</p>}
      {lesson.version && <ShareLesson id={lesson.id} />}
      <dialog ref={dialog} aria-labelledby={`${noteId}-dh`}>
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            void publish();
          }}
        >
          <h2 id={`${noteId}-dh`}>{t('builder.publishTitle', { n: (lesson.version ?? 0) + 1 })}</h2>
          <p>{t('builder.publishHelp')}</p>
          <label htmlFor={noteId}>{t('builder.changeNote')}</label>
          <textarea
            id={noteId}
            className="wide"
            rows={3}
            value={note}
            maxLength={2000}
            onChange={(e) => setNote(e.target.value)}
          />
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <p className="actions">
            <button type="submit" disabled={busy}>
              {t('builder.publishNow')}
            </button>
            <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
              {t('builder.cancel')}
            </button>
          </p>
        </form>
      </dialog>
    </section>
  );
}

import { useEffect, useId, useRef, useState } from 'react';
import { completenessProblems, type CompletenessProblem } from '../../../src/lessons/completeness.ts';
import { type LessonDocument, type LessonSection } from '../../../src/lessons/document.ts';
import { api, ApiError, type VocabConcept, type Lesson, type LessonCheck } from '../../api.ts';
import { Layout } from '../../components/Layout.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { move, newId } from '../../lessons.ts';
import { Link, SignInLink, useRouter } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { LevelChoice, ObjectiveChoice } from './Choices.tsx';
import { LicencePanel, PreviewPanel, PublishPanel } from './Panels.tsx';
import { SectionEditor } from './SectionEditor.tsx';
import { dropBackup, keepBackup, readBackup, type Backup } from './backup.ts';
import { ConflictPanel } from './Conflict.tsx';
import { Patch, SaveState, mapItems } from './model.ts';
import { ProblemList, ProblemsContext, lack, problemTarget } from './problems.tsx';

/**
 * The lesson builder: the lesson's facts, sections with variants per level or need, items added,
 * edited, reordered (drag and drop, keyboard, or the move buttons) and removed; autosaved; the
 * licence check and the attribution beside it; preview per variant, publish with a change note.
 */
export function LessonEditor({ id }: { id: string }) {
  const { t, lang, label, problem } = useI18n();
  const { session } = useSession();
  const { navigate } = useRouter();
  const [lesson, setLesson] = useState<Lesson | null>(null);
  const [doc, setDoc] = useState<LessonDocument | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: 'saved' });
  const [check, setCheck] = useState<LessonCheck | null>(null);
  const [levels, setLevels] = useState<VocabConcept[]>([]);
  const [missing, setMissing] = useState(false);
  // Once publishing was refused for what is missing, the editor shows it live at each block.
  const [showLacks, setShowLacks] = useState(false);
  const [focusLack, setFocusLack] = useState<CompletenessProblem | null>(null);
  const [conflict, setConflict] = useState<Lesson | null>(null);
  const [kept, setKept] = useState<{ id: string; title: string } | null>(null);
  const [restorable, setRestorable] = useState<Backup | null>(null);
  const revision = useRef(0);
  const baseId = useId();

  const loadCheck = () =>
    void api<LessonCheck>(`/api/v1/lessons/${encodeURIComponent(id)}/check`)
      .then(setCheck)
      .catch(() => undefined);
  const load = () =>
    api<Lesson>(`/api/v1/lessons/${encodeURIComponent(id)}`)
      .then((l) => {
        if (!l.canEdit) {
          navigate(`/les/${id}`, { replace: true });
          return;
        }
        const backup = readBackup(id);
        if (backup && JSON.stringify(backup.document) !== JSON.stringify(l.document)) setRestorable(backup);
        else dropBackup(id);
        setLesson(l);
        setDoc(l.document);
        setConflict(null);
        revision.current = l.revision;
        setSave({ kind: 'saved' });
        loadCheck();
      })
      .catch((e) => {
        if (e instanceof ApiError && e.status === 404) setMissing(true);
      });

  useEffect(() => {
    void load();
  }, [id]);
  useEffect(() => {
    void api<{ concepts: VocabConcept[] }>('/api/v1/vocabularies/level')
      .then((r) => setLevels(r.concepts))
      .catch(() => undefined);
  }, []);

  // Autosave: a second after the last change, the whole draft with the revision it started from.
  useEffect(() => {
    if (save.kind !== 'dirty' || !doc) return;
    const timer = window.setTimeout(async () => {
      setSave({ kind: 'saving' });
      try {
        const saved = await api<Lesson>(`/api/v1/lessons/${encodeURIComponent(id)}/draft`, {
          method: 'PUT',
          body: JSON.stringify({ document: doc, revision: revision.current }),
        });
        revision.current = saved.revision;
        setLesson(saved);
        setSave((s) => (s.kind === 'saving' ? { kind: 'saved' } : s));
        loadCheck();
      } catch (e) {
        if (e instanceof ApiError && e.status === 409) {
          // Saved elsewhere since: show both versions, and keep both.
          setSave({ kind: 'conflict', message: '' });
          setConflict(await api<Lesson>(`/api/v1/lessons/${encodeURIComponent(id)}`).catch(() => null));
        } else if (e instanceof ApiError) setSave({ kind: 'invalid', message: problem(e) });
        else setSave({ kind: 'offline' });
      }
    }, 1000);
    return () => window.clearTimeout(timer);
  }, [doc, save.kind]);

  // Without a connection, the draft waits in this browser and saving is tried again every few seconds.
  useEffect(() => {
    if (save.kind !== 'offline') return;
    const timer = window.setTimeout(() => setSave((s) => (s.kind === 'offline' ? { kind: 'dirty' } : s)), 5000);
    return () => window.clearTimeout(timer);
  }, [save.kind]);

  // Until the server has it, the draft is kept in this browser too.
  useEffect(() => {
    if (!doc) return;
    if (save.kind === 'saved') {
      if (!restorable) dropBackup(id);
    } else if (save.kind !== 'saving') keepBackup(id, doc, revision.current);
  }, [doc, save.kind]);

  useEffect(() => {
    if (!focusLack) return;
    problemTarget(focusLack)?.focus();
    setFocusLack(null);
  }, [focusLack]);

  if (missing)
    return (
      <Layout title={t('lesson.notFound')}>
        <h1>{t('lesson.notFound')}</h1>
        <p>
          <Link to="/lessen">{t('builder.myLessons')}</Link>
        </p>
      </Layout>
    );
  if (!session)
    return (
      <Layout title={t('builder.title')}>
        <h1>{t('builder.title')}</h1>
        <p>
          <SignInLink>{t('builder.signInToAdd')}</SignInLink>
        </p>
      </Layout>
    );
  if (!lesson || !doc)
    return (
      <Layout title={t('resource.loading')}>
        <p aria-live="polite">{t('resource.loading')}</p>
      </Layout>
    );

  const update = (patch: Patch) => {
    setDoc((d) => (d ? patch(d) : d));
    setSave((s) => (s.kind === 'conflict' ? s : { kind: 'dirty' }));
  };
  const updateSection = (sectionId: string, patch: (s: LessonSection) => LessonSection) =>
    update((d) => ({ ...d, sections: d.sections.map((s) => (s.id === sectionId ? patch(s) : s)) }));
  const resources = new Map(lesson.resources.map((r) => [r.id, r]));
  const levelLabel = (levelId: string) => {
    const c = levels.find((l) => l.id === levelId);
    return c ? label(c.labelNl, c.labelEn) : levelId;
  };
  const saveText = {
    saved: t('builder.saved'),
    dirty: t('builder.unsaved'),
    saving: t('builder.saving'),
    conflict: t('builder.conflict'),
    invalid: t('builder.invalid'),
    offline: t('builder.offline'),
  }[save.kind];
  const lacks = showLacks ? completenessProblems(doc) : [];
  // The lesson's own title sits outside the blocks' context provider: its lack is read directly.
  const titleLack = lack(lacks, lang, null, 'title');

  /** Saves a document as a new lesson of the same maker; says where it went once the editor shows the other. */
  const keepAsCopy = async (document: LessonDocument, suffix: string) => {
    const title = `${document.title || t('builder.untitled')} (${suffix})`.slice(0, 300);
    const copy = await api<Lesson>('/api/v1/lessons', {
      method: 'POST',
      body: JSON.stringify({ document: { ...document, title } }),
    });
    return { id: copy.id, title };
  };
  const keepBoth = async () => {
    const copy = await keepAsCopy(doc, t('builder.copyMine'));
    dropBackup(id);
    await load();
    setKept(copy);
  };
  const useMine = async () => {
    const theirs = conflict!;
    const copy = await keepAsCopy(theirs.document, t('builder.copyTheirs'));
    revision.current = theirs.revision;
    setConflict(null);
    setSave({ kind: 'dirty' });
    setKept(copy);
  };

  return (
    <Layout title={`${t('builder.title')}: ${doc.title || t('builder.untitled')}`}>
      <ProblemsContext.Provider value={lacks}>
        <div className="builder">
          <div className="builder-main">
            <p className="small">
              <Link to="/lessen">{t('builder.myLessons')}</Link>
            </p>
            <h1>
              {t('builder.title')}: {doc.title || t('builder.untitled')}
            </h1>
            <p className={`save-state save-${save.kind}`} role="status" aria-live="polite">
              {saveText}
              {'message' in save && save.message ? ` ${save.message}` : ''}
            </p>
            {restorable && (
              <section className="panel notice" aria-label={t('builder.restoreTitle')}>
                <p>
                  {t('builder.restoreHelp', {
                    time: new Date(restorable.at).toLocaleString(lang === 'en' ? 'en-GB' : 'nl-NL'),
                  })}
                </p>
                <p className="actions">
                  <button
                    type="button"
                    onClick={() => {
                      setDoc(restorable.document);
                      setRestorable(null);
                      setSave({ kind: 'dirty' });
                    }}
                  >
                    {t('builder.restore')}
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => {
                      setRestorable(null);
                      dropBackup(id);
                    }}
                  >
                    {t('builder.restoreDiscard')}
                  </button>
                </p>
              </section>
            )}
            {conflict && <ConflictPanel mine={doc} theirs={conflict} onKeepBoth={keepBoth} onUseMine={useMine} />}
            {save.kind === 'conflict' && !conflict && (
              <p>
                <button type="button" className="secondary" onClick={() => void load()}>
                  {t('builder.reload')}
                </button>
              </p>
            )}
            {kept && (
              <p className="notice" role="status">
                {t('builder.keptCopy')} <Link to={`/lessen/${kept.id}`}>{kept.title}</Link>
              </p>
            )}
            <ProblemList problems={lacks} />
            {lesson.forkedFrom && (
              <p className="lesson-origin">
                {t('lesson.basedOn')} <Link to={`/les/${lesson.forkedFrom.id}`}>{lesson.forkedFrom.title}</Link>
              </p>
            )}

            <fieldset className="lesson-facts">
              <legend>{t('builder.facts')}</legend>
              <label htmlFor={`${baseId}-title`}>{t('builder.lessonTitle')}</label>
              <input
                id={`${baseId}-title`}
                className="wide"
                value={doc.title}
                maxLength={300}
                onChange={(e) => update((d) => ({ ...d, title: e.target.value }))}
                {...titleLack.props}
              />
              {titleLack.message}
              <label htmlFor={`${baseId}-summary`}>{t('builder.summary')}</label>
              <textarea
                id={`${baseId}-summary`}
                className="wide"
                rows={2}
                value={doc.summary}
                maxLength={2000}
                onChange={(e) => update((d) => ({ ...d, summary: e.target.value }))}
              />
              <div className="inline-choices">
                <label>
                  {t('builder.duration')}{' '}
                  <input
                    type="number"
                    min={0}
                    max={1000}
                    value={doc.durationMinutes ?? ''}
                    onChange={(e) =>
                      update((d) => ({
                        ...d,
                        durationMinutes: e.target.value ? Math.max(0, Number(e.target.value)) : null,
                      }))
                    }
                  />
                </label>
                <label>
                  {t('builder.language')}{' '}
                  <select
                    value={doc.language}
                    onChange={(e) => update((d) => ({ ...d, language: e.target.value as 'nl' | 'en' }))}
                  >
                    <option value="nl">Nederlands</option>
                    <option value="en">English</option>
                  </select>
                </label>
              </div>
              <LevelChoice
                legend={t('builder.levels')}
                all={levels}
                chosen={doc.levels}
                onChange={(ids) => update((d) => ({ ...d, levels: ids }))}
              />
              <ObjectiveChoice chosen={doc.objectives} onChange={(ids) => update((d) => ({ ...d, objectives: ids }))} />
            </fieldset>

            {doc.sections.map((section, index) => (
              <SectionEditor
                key={section.id}
                section={section}
                index={index}
                count={doc.sections.length}
                levels={levels}
                lessonLevels={doc.levels}
                levelLabel={levelLabel}
                resources={resources}
                onChange={(patch) => updateSection(section.id, patch)}
                onMove={(to) => update((d) => ({ ...d, sections: move(d.sections, index, to) }))}
                onRemove={() => update((d) => ({ ...d, sections: d.sections.filter((s) => s.id !== section.id) }))}
              />
            ))}
            <p>
              <button
                type="button"
                className="secondary"
                onClick={() =>
                  update((d) => ({
                    ...d,
                    sections: [
                      ...d.sections,
                      {
                        id: newId(),
                        title: '',
                        variants: [{ id: newId(), audience: { levels: [], need: null }, items: [] }],
                      },
                    ],
                  }))
                }
              >
                {t('builder.addSection')}
              </button>
            </p>
          </div>

          <aside className="builder-side" aria-label={t('builder.checks')}>
            <LicencePanel
              doc={doc}
              check={check}
              onLicence={(uri) => update((d) => ({ ...d, licence: uri }))}
              onLink={(itemId) =>
                update((d) =>
                  mapItems(d, (i) =>
                    i.id === itemId && (i.type === 'resource' || i.type === 'detail') ? { ...i, use: 'link' } : i,
                  ),
                )
              }
            />
            <section className="panel" aria-labelledby={`${baseId}-attr`}>
              <h2 id={`${baseId}-attr`}>{t('lesson.attribution')}</h2>
              {check && check.attribution.length ? (
                <ul className="small">
                  {check.attribution.map((a, i) => (
                    <li key={i}>{a[lang]}</li>
                  ))}
                </ul>
              ) : (
                <p className="small">{t('builder.noAttribution')}</p>
              )}
            </section>
            <PreviewPanel id={id} doc={doc} levelLabel={levelLabel} />
            <PublishPanel
              lesson={lesson}
              saved={save.kind === 'saved'}
              revision={revision.current}
              allowed={!!check?.licence.chosen?.allowed}
              onPublished={(l) => {
                setLesson(l);
                setShowLacks(false);
                revision.current = l.revision;
              }}
              onIncomplete={(problems) => {
                setShowLacks(true);
                setFocusLack(problems[0] ?? null);
              }}
            />
          </aside>
        </div>
      </ProblemsContext.Provider>
    </Layout>
  );
}

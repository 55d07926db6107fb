import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import {
  NEEDS,
  type LessonDocument,
  type LessonItem,
  type LessonSection,
  type Need,
  type SectionVariant,
} from '../../src/lessons/document.ts';
import {
  api,
  ApiError,
  type VocabConcept,
  type Lesson,
  type LessonCheck,
  type Resource,
  type ResourceList,
} from '../api.ts';
import { Layout } from '../components/Layout.tsx';
import { RegionPicker, loadManifest } from '../components/RegionPicker.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { canvasesOf } from '../../src/lessons/iiif.ts';
import { move, newId, resourceItem } from '../lessons.ts';
import { Link, useRouter } from '../router.tsx';
import { useSession } from '../session.tsx';
import { ShareLesson } from '../components/ShareLesson.tsx';

/** The licences a lesson can carry, most open first (the server checks the same list). */
export const LESSON_LICENCES: [string, string][] = [
  ['http://creativecommons.org/publicdomain/zero/1.0/', 'CC0 1.0'],
  ['http://creativecommons.org/licenses/by/4.0/', 'CC BY 4.0'],
  ['http://creativecommons.org/licenses/by-sa/4.0/', 'CC BY-SA 4.0'],
  ['http://creativecommons.org/licenses/by-nc/4.0/', 'CC BY-NC 4.0'],
  ['http://creativecommons.org/licenses/by-nc-sa/4.0/', 'CC BY-NC-SA 4.0'],
  ['http://creativecommons.org/licenses/by-nd/4.0/', 'CC BY-ND 4.0'],
  ['http://creativecommons.org/licenses/by-nc-nd/4.0/', 'CC BY-NC-ND 4.0'],
];
const licenceName = (uri: string) => LESSON_LICENCES.find(([u]) => u === uri)?.[1] ?? uri;

type SaveState =
  | { kind: 'saved' }
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'conflict'; message: string }
  | { kind: 'invalid'; message: string };
type Patch = (doc: LessonDocument) => LessonDocument;

/**
 * The lesson builder: the lesson's facts, sections with variants per level or need, items added,
 * edited, reordered (drag and drop, keyboard, or the move buttons) and removed; autosaved; the
 * licence check and the attribution beside it; preview per variant, publish with a change note.
 */
export function LessonEditor({ id }: { id: string }) {
  const { t, lang, label } = useI18n();
  const { session } = useSession();
  const { navigate } = useRouter();
  const [lesson, setLesson] = useState<Lesson | null>(null);
  const [doc, setDoc] = useState<LessonDocument | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: 'saved' });
  const [check, setCheck] = useState<LessonCheck | null>(null);
  const [levels, setLevels] = useState<VocabConcept[]>([]);
  const [missing, setMissing] = useState(false);
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
        setLesson(l);
        setDoc(l.document);
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
        if (e instanceof ApiError && e.status === 409) setSave({ kind: 'conflict', message: e.message });
        else setSave({ kind: 'invalid', message: e instanceof ApiError ? e.message : t('builder.saveFailed') });
      }
    }, 1000);
    return () => window.clearTimeout(timer);
  }, [doc, save.kind]);

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
          <Link to="/inloggen">{t('builder.signInToAdd')}</Link>
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
  }[save.kind];

  return (
    <Layout title={`${t('builder.title')}: ${doc.title}`}>
      <div className="builder">
        <div className="builder-main">
          <p className="small">
            <Link to="/lessen">{t('builder.myLessons')}</Link>
          </p>
          <h1>
            {t('builder.title')}: {doc.title}
          </h1>
          <p className={`save-state save-${save.kind}`} role="status" aria-live="polite">
            {saveText}
            {'message' in save ? ` ${save.message}` : ''}
            {save.kind === 'conflict' && (
              <>
                {' '}
                <button type="button" className="secondary" onClick={() => void load()}>
                  {t('builder.reload')}
                </button>
              </>
            )}
          </p>
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
              required
              onChange={(e) => update((d) => ({ ...d, title: e.target.value }))}
            />
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
              revision.current = l.revision;
            }}
          />
        </aside>
      </div>
    </Layout>
  );
}

function mapItems(doc: LessonDocument, f: (item: LessonItem) => LessonItem): LessonDocument {
  return {
    ...doc,
    sections: doc.sections.map((s) => ({ ...s, variants: s.variants.map((v) => ({ ...v, items: v.items.map(f) })) })),
  };
}

/** The levels most lessons are for; the rest of SLO's list shows on request. */
const COMMON_LEVEL = /^(groep [1-8]|po|vo|so|vso|pro|vmbo|havo|vwo|(ob|bb) (vmbo|havo|vwo))$/;

function LevelChoice({
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
function ObjectiveChoice({ chosen, onChange }: { chosen: string[]; onChange: (ids: string[]) => void }) {
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

function SectionEditor({
  section,
  index,
  count,
  levels,
  lessonLevels,
  levelLabel,
  resources,
  onChange,
  onMove,
  onRemove,
}: {
  section: LessonSection;
  index: number;
  count: number;
  levels: VocabConcept[];
  lessonLevels: string[];
  levelLabel: (id: string) => string;
  resources: Map<string, Lesson['resources'][number]>;
  onChange: (patch: (s: LessonSection) => LessonSection) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const n = index + 1;
  const updateVariant = (variantId: string, patch: (v: SectionVariant) => SectionVariant) =>
    onChange((s) => ({ ...s, variants: s.variants.map((v) => (v.id === variantId ? patch(v) : v)) }));
  return (
    <section className="builder-section" aria-labelledby={headingId}>
      <div className="builder-row">
        <h2 id={headingId}>
          {t('lesson.section', { n })}
          {section.title ? `: ${section.title}` : ''}
        </h2>
        <span className="row-actions">
          <button type="button" className="secondary" disabled={index === 0} onClick={() => onMove(index - 1)}>
            {t('builder.up')}
            <span className="visually-hidden"> {t('lesson.section', { n })}</span>
          </button>
          <button type="button" className="secondary" disabled={index === count - 1} onClick={() => onMove(index + 1)}>
            {t('builder.down')}
            <span className="visually-hidden"> {t('lesson.section', { n })}</span>
          </button>
          <button type="button" className="secondary" onClick={onRemove}>
            {t('builder.remove')}
            <span className="visually-hidden"> {t('lesson.section', { n })}</span>
          </button>
        </span>
      </div>
      <label>
        {t('builder.sectionTitle')}{' '}
        <input
          className="wide"
          value={section.title}
          maxLength={300}
          onChange={(e) => onChange((s) => ({ ...s, title: e.target.value }))}
        />
      </label>
      {section.variants.map((variant, vi) => (
        <VariantEditor
          key={variant.id}
          variant={variant}
          number={vi + 1}
          many={section.variants.length > 1}
          levels={levels}
          lessonLevels={lessonLevels}
          levelLabel={levelLabel}
          resources={resources}
          onChange={(patch) => updateVariant(variant.id, patch)}
          onRemove={() => onChange((s) => ({ ...s, variants: s.variants.filter((v) => v.id !== variant.id) }))}
        />
      ))}
      <p>
        <button
          type="button"
          className="secondary"
          onClick={() =>
            onChange((s) => ({
              ...s,
              variants: [...s.variants, { id: newId(), audience: { levels: [], need: 'verdieping' }, items: [] }],
            }))
          }
        >
          {t('builder.addVariant')}
          <span className="visually-hidden"> {t('lesson.section', { n })}</span>
        </button>
      </p>
    </section>
  );
}

function VariantEditor({
  variant,
  number,
  many,
  levels,
  lessonLevels,
  levelLabel,
  resources,
  onChange,
  onRemove,
}: {
  variant: SectionVariant;
  number: number;
  many: boolean;
  levels: VocabConcept[];
  lessonLevels: string[];
  levelLabel: (id: string) => string;
  resources: Map<string, Lesson['resources'][number]>;
  onChange: (patch: (v: SectionVariant) => SectionVariant) => void;
  onRemove: () => void;
}) {
  const { t } = useI18n();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const audience =
    [
      ...variant.audience.levels.map(levelLabel),
      ...(variant.audience.need ? [t(`lesson.need.${variant.audience.need}` as 'lesson.need.basis')] : []),
    ].join(', ') || t('lesson.everyone');
  const itemName = (item: LessonItem, i: number) => `${t(`builder.type.${item.type}` as 'builder.type.text')} ${i + 1}`;
  const onDragEnd = (event: DragEndEvent) => {
    const from = variant.items.findIndex((i) => i.id === event.active.id);
    const to = variant.items.findIndex((i) => i.id === event.over?.id);
    if (from >= 0 && to >= 0) onChange((v) => ({ ...v, items: move(v.items, from, to) }));
  };
  const position = (id: string | number) => variant.items.findIndex((i) => i.id === id) + 1;
  const announcements = {
    onDragStart: ({ active }: { active: { id: string | number } }) =>
      t('builder.dnd.start', { n: position(active.id) }),
    onDragOver: ({ over }: { over: { id: string | number } | null }) =>
      over ? t('builder.dnd.over', { n: position(over.id) }) : '',
    onDragEnd: ({ over }: { over: { id: string | number } | null }) =>
      over ? t('builder.dnd.end', { n: position(over.id) }) : t('builder.dnd.cancel'),
    onDragCancel: () => t('builder.dnd.cancel'),
  };
  return (
    <div className="builder-variant">
      {many && (
        <fieldset className="variant-audience">
          <legend>
            {t('builder.variant', { n: number })}: {t('lesson.variantFor').toLowerCase()} {audience}
          </legend>
          <LevelChoice
            legend={t('builder.variantLevels')}
            all={levels}
            only={lessonLevels}
            chosen={variant.audience.levels}
            onChange={(ids) => onChange((v) => ({ ...v, audience: { ...v.audience, levels: ids } }))}
          />
          <label>
            {t('builder.need')}{' '}
            <select
              value={variant.audience.need ?? ''}
              onChange={(e) =>
                onChange((v) => ({ ...v, audience: { ...v.audience, need: (e.target.value || null) as Need | null } }))
              }
            >
              <option value="">—</option>
              {NEEDS.map((need) => (
                <option key={need} value={need}>
                  {t(`lesson.need.${need}` as 'lesson.need.basis')}
                </option>
              ))}
            </select>
          </label>{' '}
          {number > 1 && (
            <button type="button" className="secondary" onClick={onRemove}>
              {t('builder.removeVariant')}
            </button>
          )}
        </fieldset>
      )}
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragEnd={onDragEnd}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t('builder.dnd.instructions') } }}
      >
        <SortableContext items={variant.items.map((i) => i.id)} strategy={verticalListSortingStrategy}>
          <ol className="builder-items">
            {variant.items.map((item, i) => (
              <SortableItem
                key={item.id}
                id={item.id}
                name={itemName(item, i)}
                actions={
                  <>
                    <button
                      type="button"
                      className="secondary"
                      disabled={i === 0}
                      onClick={() => onChange((v) => ({ ...v, items: move(v.items, i, i - 1) }))}
                    >
                      {t('builder.up')}
                      <span className="visually-hidden"> {itemName(item, i)}</span>
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      disabled={i === variant.items.length - 1}
                      onClick={() => onChange((v) => ({ ...v, items: move(v.items, i, i + 1) }))}
                    >
                      {t('builder.down')}
                      <span className="visually-hidden"> {itemName(item, i)}</span>
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => onChange((v) => ({ ...v, items: v.items.filter((x) => x.id !== item.id) }))}
                    >
                      {t('builder.remove')}
                      <span className="visually-hidden"> {itemName(item, i)}</span>
                    </button>
                  </>
                }
              >
                <ItemEditor
                  item={item}
                  resources={resources}
                  onChange={(next) =>
                    onChange((v) => ({ ...v, items: v.items.map((x) => (x.id === item.id ? next : x)) }))
                  }
                />
              </SortableItem>
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      <AddItem onAdd={(item) => onChange((v) => ({ ...v, items: [...v.items, item] }))} />
    </div>
  );
}

function SortableItem({
  id,
  name,
  actions,
  children,
}: {
  id: string;
  name: string;
  actions: ReactNode;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id,
  });
  return (
    <li
      ref={setNodeRef}
      className={`builder-item${isDragging ? ' dragging' : ''}`}
      style={{ transform: CSS.Transform.toString(transform), transition }}
    >
      <div className="builder-row">
        <button
          type="button"
          className="drag-handle"
          ref={setActivatorNodeRef}
          {...attributes}
          {...listeners}
          aria-label={t('builder.dragHandle', { name })}
        >
          ⠿
        </button>
        <strong>{name}</strong>
        <span className="row-actions">{actions}</span>
      </div>
      {children}
    </li>
  );
}

function ItemEditor({
  item,
  resources,
  onChange,
}: {
  item: LessonItem;
  resources: Map<string, Lesson['resources'][number]>;
  onChange: (next: LessonItem) => void;
}) {
  const { t } = useI18n();
  const baseId = useId();
  switch (item.type) {
    case 'text':
      return (
        <>
          <label htmlFor={`${baseId}-md`}>{t('builder.text')}</label>
          <textarea
            id={`${baseId}-md`}
            className="wide"
            rows={4}
            value={item.markdown}
            maxLength={20000}
            onChange={(e) => onChange({ ...item, markdown: e.target.value })}
          />
          <p className="small">{t('builder.markdownHelp')}</p>
        </>
      );
    case 'resource':
    case 'detail': {
      const r = resources.get(item.resourceId);
      const useField = (
        <label>
          {t('builder.use')}{' '}
          <select value={item.use} onChange={(e) => onChange({ ...item, use: e.target.value as 'embed' | 'link' })}>
            <option value="embed">{t('builder.useEmbed')}</option>
            <option value="link">{t('builder.useLink')}</option>
          </select>
        </label>
      );
      const title = r?.title ?? t('builder.savingToSee');
      if (item.type === 'detail')
        return (
          <>
            <p>
              <Link to={`/r/${item.resourceId}`}>{title}</Link>
            </p>
            {useField}
            <RegionPicker item={item} onChange={onChange} />
          </>
        );
      return (
        <>
          <p>
            {r?.state === 'withdrawn' ? <strong className="error">{t('lesson.gone')} </strong> : null}
            <Link to={`/r/${item.resourceId}`}>{title}</Link>
            {r?.licence?.notation ? <span className="small"> · {r.licence.notation}</span> : null}
          </p>
          {useField}
          <label htmlFor={`${baseId}-note`}>{t('builder.note')}</label>
          <textarea
            id={`${baseId}-note`}
            className="wide"
            rows={2}
            value={item.note}
            maxLength={20000}
            onChange={(e) => onChange({ ...item, note: e.target.value })}
          />
          {r?.iiifManifest && (
            <DetailButton
              manifest={r.iiifManifest}
              onPick={(canvas) =>
                onChange({
                  type: 'detail',
                  id: item.id,
                  resourceId: item.resourceId,
                  manifest: r.iiifManifest!,
                  canvas,
                  region: null,
                  caption: '',
                  annotations: [],
                  use: item.use,
                })
              }
            />
          )}
        </>
      );
    }
    case 'task': {
      const task = item.task;
      if (task.kind === 'open') {
        return (
          <>
            <label>
              {t('builder.question')}{' '}
              <input
                className="wide"
                value={task.question}
                maxLength={2000}
                onChange={(e) => onChange({ ...item, task: { ...task, question: e.target.value } })}
              />
            </label>
            <label>
              {t('builder.modelAnswer')}{' '}
              <textarea
                className="wide"
                rows={2}
                value={task.answer}
                maxLength={5000}
                onChange={(e) => onChange({ ...item, task: { ...task, answer: e.target.value } })}
              />
            </label>
          </>
        );
      }
      const setOption = (index: number, patch: Partial<(typeof task.options)[number]> | null) => {
        const options = task.options.slice();
        if (patch) options[index] = { ...options[index]!, ...patch };
        else options.splice(index, 1);
        onChange({ ...item, task: { ...task, options } });
      };
      return (
        <>
          <label>
            {t('builder.question')}{' '}
            <input
              className="wide"
              value={task.question}
              maxLength={2000}
              onChange={(e) => onChange({ ...item, task: { ...task, question: e.target.value } })}
            />
          </label>
          <ol className="option-list" type="A">
            {task.options.map((o, i) => (
              <li key={i}>
                <label>
                  {t('builder.option', { n: i + 1 })}{' '}
                  <input value={o.text} maxLength={1000} onChange={(e) => setOption(i, { text: e.target.value })} />
                </label>{' '}
                <label>
                  <input
                    type="checkbox"
                    checked={o.correct}
                    onChange={(e) => setOption(i, { correct: e.target.checked })}
                  />{' '}
                  {t('builder.correct', { n: i + 1 })}
                </label>{' '}
                <label>
                  {t('builder.feedback', { n: i + 1 })}{' '}
                  <input
                    value={o.feedback}
                    maxLength={1000}
                    onChange={(e) => setOption(i, { feedback: e.target.value })}
                  />
                </label>{' '}
                {task.options.length > 2 && (
                  <button type="button" className="secondary" onClick={() => setOption(i, null)}>
                    {t('builder.remove')}
                    <span className="visually-hidden"> {t('builder.option', { n: i + 1 })}</span>
                  </button>
                )}
              </li>
            ))}
          </ol>
          <button
            type="button"
            className="secondary"
            onClick={() =>
              onChange({
                ...item,
                task: { ...task, options: [...task.options, { text: '', correct: false, feedback: '' }] },
              })
            }
          >
            {t('builder.addOption')}
          </button>
        </>
      );
    }
    case 'closed':
      return (
        <div className="closed-fields">
          <p className="small">
            <span className="badge">{t('lesson.closed')}</span> {t('builder.closedHelp')}
          </p>
          <label>
            {t('builder.closedTitle')}{' '}
            <input
              className="wide"
              value={item.title}
              maxLength={300}
              onChange={(e) => onChange({ ...item, title: e.target.value })}
            />
          </label>
          <label>
            {t('builder.closedUrl')}{' '}
            <input
              className="wide"
              type="url"
              value={item.url}
              maxLength={2000}
              onChange={(e) => onChange({ ...item, url: e.target.value })}
            />
          </label>
          <div className="inline-choices">
            <label>
              {t('builder.publisher')}{' '}
              <input
                value={item.publisher}
                maxLength={200}
                onChange={(e) => onChange({ ...item, publisher: e.target.value })}
              />
            </label>
            <label>
              {t('builder.method')}{' '}
              <input
                value={item.method}
                maxLength={200}
                onChange={(e) => onChange({ ...item, method: e.target.value })}
              />
            </label>
            <label>
              {t('builder.chapter')}{' '}
              <input
                value={item.chapter}
                maxLength={200}
                onChange={(e) => onChange({ ...item, chapter: e.target.value })}
              />
            </label>
          </div>
          <label>
            {t('builder.note')}{' '}
            <textarea
              className="wide"
              rows={2}
              value={item.note}
              maxLength={20000}
              onChange={(e) => onChange({ ...item, note: e.target.value })}
            />
          </label>
        </div>
      );
  }
}

/** "Choose a detail": reads the manifest's canvases and turns the resource into a detail of the first. */
function DetailButton({ manifest, onPick }: { manifest: string; onPick: (canvas: string) => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const pick = async () => {
    try {
      const canvases = canvasesOf(await loadManifest(manifest));
      if (!canvases[0]) throw new Error(t('builder.noCanvas'));
      onPick(canvases[0].id);
    } catch (e) {
      setError(t('builder.manifestFailed', { error: (e as Error).message }));
    }
  };
  return (
    <p>
      <button type="button" className="secondary" onClick={() => void pick()}>
        {t('builder.pickDetail')}
      </button>
      {error && (
        <span role="alert" className="error">
          {' '}
          {error}
        </span>
      )}
    </p>
  );
}

/** The buttons that add an item to a variant, and a search for catalogue material. */
function AddItem({ onAdd }: { onAdd: (item: LessonItem) => void }) {
  const { t } = useI18n();
  const [searching, setSearching] = useState(false);
  return (
    <div className="add-item">
      <span className="small">{t('builder.addItem')}:</span>
      <button type="button" className="secondary" onClick={() => onAdd({ type: 'text', id: newId(), markdown: '' })}>
        {t('builder.type.text')}
      </button>
      <button
        type="button"
        className="secondary"
        onClick={() => onAdd({ type: 'task', id: newId(), task: { kind: 'open', question: '', answer: '' } })}
      >
        {t('builder.openQuestion')}
      </button>
      <button
        type="button"
        className="secondary"
        onClick={() =>
          onAdd({
            type: 'task',
            id: newId(),
            task: {
              kind: 'choice',
              question: '',
              options: [
                { text: '', correct: true, feedback: '' },
                { text: '', correct: false, feedback: '' },
              ],
            },
          })
        }
      >
        {t('builder.choiceQuestion')}
      </button>
      <button
        type="button"
        className="secondary"
        onClick={() =>
          onAdd({ type: 'closed', id: newId(), title: '', url: '', publisher: '', method: '', chapter: '', note: '' })
        }
      >
        {t('builder.type.closed')}
      </button>
      <button type="button" className="secondary" aria-expanded={searching} onClick={() => setSearching(!searching)}>
        {t('builder.findMaterial')}
      </button>
      {searching && <MaterialSearch onAdd={(r) => onAdd(resourceItem(r))} />}
    </div>
  );
}

function MaterialSearch({ onAdd }: { onAdd: (resource: Resource) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Resource[] | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const inputId = useId();
  const search = async () => {
    const list = await api<ResourceList>(`/api/v1/resources?q=${encodeURIComponent(q)}&limit=8`);
    setResults(list.items.filter((r) => r.kind !== 'lesson'));
  };
  return (
    <form
      className="material-search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        void search();
      }}
    >
      <label htmlFor={inputId}>{t('builder.searchMaterial')}</label>{' '}
      <input id={inputId} type="search" value={q} onChange={(e) => setQ(e.target.value)} />{' '}
      <button type="submit">{t('search.button')}</button>
      {results &&
        (results.length === 0 ? (
          <p>{t('builder.nothingFound')}</p>
        ) : (
          <ul className="pick-list">
            {results.map((r) => (
              <li key={r.id}>
                {r.title} <span className="small">({r.licence.notation ?? t('builder.unknownLicence')})</span>{' '}
                <button
                  type="button"
                  className="secondary"
                  onClick={() => {
                    onAdd(r);
                    setAdded(r.title);
                  }}
                >
                  {t('builder.add')}
                  <span className="visually-hidden"> {r.title}</span>
                </button>
              </li>
            ))}
          </ul>
        ))}
      <p role="status" className="small">
        {added ? t('builder.itemAdded', { title: added }) : ''}
      </p>
    </form>
  );
}

function LicencePanel({
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
                  r.licences.map((l) => (
                    <button key={l} type="button" onClick={() => onLicence(l)}>
                      {t('builder.chooseLicence', { licence: licenceName(l) })}
                    </button>
                  ))}
                {r.type === 'link' && (
                  <button type="button" onClick={() => onLink(r.item)}>
                    {t('builder.linkInstead', { item: itemTitle(check, r.item) })}
                  </button>
                )}
                {r.type === 'replace' && <span>{t('builder.replaceItem', { item: itemTitle(check, r.item) })}</span>}
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

function itemTitle(check: LessonCheck, itemId: string): string {
  const line = check.attribution.find((a) => a.itemIds.includes(itemId));
  return line ? line.nl.split('.')[0]!.replace(/^“|”$/g, '') : itemId;
}

function PreviewPanel({
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

function PublishPanel({
  lesson,
  saved,
  revision,
  allowed,
  onPublished,
}: {
  lesson: Lesson;
  saved: boolean;
  revision: number;
  allowed: boolean;
  onPublished: (l: Lesson) => void;
}) {
  const { t } = useI18n();
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
      setError(e instanceof ApiError ? e.message : String(e));
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

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
import { useId, type ReactNode } from 'react';
import {
  NEEDS,
  type LessonItem,
  type LessonSection,
  type Need,
  type SectionVariant,
} from '../../../src/lessons/document.ts';
import { type VocabConcept, type Lesson } from '../../api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { move, newId } from '../../lessons.ts';
import { LevelChoice } from './Choices.tsx';
import { AddItem, ItemEditor } from './ItemEditor.tsx';
import { useLacks } from './problems.tsx';

export function SectionEditor({
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
  const lack = useLacks()(section.id, 'title');
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
          {...lack.props}
        />
      </label>
      {lack.message}
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

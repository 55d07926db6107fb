import { useId, useState } from 'react';
import { type LessonItem } from '../../../src/lessons/document.ts';
import { api, type Lesson, type Resource, type ResourceList } from '../../api.ts';
import { RegionPicker, loadManifest } from '../../components/RegionPicker.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { canvasesOf } from '../../../src/lessons/iiif.ts';
import { newId, resourceItem } from '../../lessons.ts';
import { Link } from '../../router.tsx';
import { useLacks } from './problems.tsx';

export function ItemEditor({
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
  const lacks = useLacks();
  switch (item.type) {
    case 'text': {
      const lack = lacks(item.id, 'markdown');
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
            {...lack.props}
          />
          {lack.message}
          <p className="small">{t('builder.markdownHelp')}</p>
        </>
      );
    }
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
      const question = lacks(item.id, 'question');
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
                {...question.props}
              />
            </label>
            {question.message}
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
      const options = lacks(item.id, 'options');
      return (
        <>
          <label>
            {t('builder.question')}{' '}
            <input
              className="wide"
              value={task.question}
              maxLength={2000}
              onChange={(e) => onChange({ ...item, task: { ...task, question: e.target.value } })}
              {...question.props}
            />
          </label>
          {question.message}
          <ol className="option-list" type="A" tabIndex={-1} {...options.props}>
            {task.options.map((o, i) => (
              <li key={i}>
                <label>
                  {t('builder.option', { n: i + 1 })}{' '}
                  <input
                    value={o.text}
                    maxLength={1000}
                    onChange={(e) => setOption(i, { text: e.target.value })}
                    {...lacks(item.id, `options/${i}/text`).props}
                  />
                </label>{' '}
                {lacks(item.id, `options/${i}/text`).message}
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
          {options.message}
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
    case 'closed': {
      const title = lacks(item.id, 'title');
      const url = lacks(item.id, 'url');
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
              {...title.props}
            />
          </label>
          {title.message}
          <label>
            {t('builder.closedUrl')}{' '}
            <input
              className="wide"
              type="url"
              value={item.url}
              maxLength={2000}
              onChange={(e) => onChange({ ...item, url: e.target.value })}
              {...url.props}
            />
          </label>
          {url.message}
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
      setError(t('builder.manifestFailed'));
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
export function AddItem({ onAdd }: { onAdd: (item: LessonItem) => void }) {
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

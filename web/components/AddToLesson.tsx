import { useId, useState } from 'react';
import { api, type LessonSummary, type Resource } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { addToLesson } from '../lessons.ts';
import { Link, SignInLink } from '../router.tsx';
import { useSession } from '../session.tsx';

/**
 * "Add to lesson" on a search result or a resource page: pick one of your lessons (or a new one);
 * the resource is added at the end and the draft saved. A disclosure, not a dialog: it stays in the
 * page's reading order.
 */
export function AddToLesson({ resource, compact = false }: { resource: Resource; compact?: boolean }) {
  const { t, problem } = useI18n();
  const { session } = useSession();
  const [open, setOpen] = useState(false);
  const [lessons, setLessons] = useState<LessonSummary[] | null>(null);
  const [target, setTarget] = useState('new');
  const [state, setState] = useState<
    | { kind: 'idle' }
    | { kind: 'busy' }
    | { kind: 'done'; id: string; title: string }
    | { kind: 'error'; message: string }
  >({ kind: 'idle' });
  const panelId = useId();
  if (!session)
    return compact ? null : (
      <p className="add-to-lesson">
        <SignInLink>{t('builder.signInToAdd')}</SignInLink>
      </p>
    );

  const toggle = () => {
    setOpen(!open);
    if (!open && !lessons) {
      void api<{ items: LessonSummary[] }>('/api/v1/lessons')
        .then((r) => {
          setLessons(r.items);
          if (r.items[0]) setTarget(r.items[0].id);
        })
        .catch(() => setLessons([]));
    }
  };
  const add = async () => {
    setState({ kind: 'busy' });
    try {
      const lesson = await addToLesson(
        target === 'new' ? null : target,
        resource,
        t('builder.newLessonTitle', { title: resource.title }).slice(0, 200),
      );
      setState({ kind: 'done', id: lesson.id, title: lesson.document.title });
      setLessons(null);
    } catch (e) {
      setState({ kind: 'error', message: problem(e) });
    }
  };

  return (
    <div className="add-to-lesson">
      <button type="button" className="secondary" aria-expanded={open} aria-controls={panelId} onClick={toggle}>
        {t('builder.addToLesson')}
        <span className="visually-hidden">: {resource.title}</span>
      </button>
      <div id={panelId} hidden={!open} className="add-panel">
        {lessons === null && state.kind !== 'done' ? (
          <p aria-live="polite">{t('resource.loading')}</p>
        ) : (
          state.kind !== 'done' && (
            <fieldset>
              <legend>{t('builder.addWhere')}</legend>
              {lessons!
                .filter((l) => l.status === 'draft' || l.version !== null)
                .map((l) => (
                  <label key={l.id} className="choice">
                    <input
                      type="radio"
                      name={`${panelId}-target`}
                      value={l.id}
                      checked={target === l.id}
                      onChange={() => setTarget(l.id)}
                    />{' '}
                    {l.title}
                  </label>
                ))}
              <label className="choice">
                <input
                  type="radio"
                  name={`${panelId}-target`}
                  value="new"
                  checked={target === 'new'}
                  onChange={() => setTarget('new')}
                />{' '}
                {t('builder.newLesson')}
              </label>
              <button type="button" onClick={() => void add()} disabled={state.kind === 'busy'}>
                {t('builder.add')}
              </button>
            </fieldset>
          )
        )}
        <p role="status" aria-live="polite">
          {state.kind === 'done' && (
            <>
              {t('builder.added', { title: state.title })}{' '}
              <Link to={`/lessen/${state.id}`}>{t('builder.openEditor')}</Link>
            </>
          )}
          {state.kind === 'error' && <span className="error">{state.message}</span>}
        </p>
      </div>
    </div>
  );
}

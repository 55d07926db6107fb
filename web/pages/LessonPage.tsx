import { Suspense, lazy, useEffect, useId, useState } from 'react';
import { NEEDS, chooseVariant, type LessonItem } from '../../src/lessons/document.ts';
import { api, ApiError, type Lesson, type LessonCheck, type Resource } from '../api.ts';
import { Layout } from '../components/Layout.tsx';
import { ShareLesson } from '../components/ShareLesson.tsx';
import { useSession } from '../session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, useRouter } from '../router.tsx';

// The deep-zoom viewer loads only for lessons with a heritage detail.
const IiifViewer = lazy(() => import('../components/IiifViewer.tsx').then((m) => ({ default: m.IiifViewer })));

/**
 * The pupil's view of a published lesson: no sign-in, nothing sent about the pupil, the variant for
 * a level or need chosen in the URL (`?niveau=`, `?behoefte=`), answers kept in the page.
 */
export function LessonPage({ id }: { id: string }) {
  const { t, lang, label, problem } = useI18n();
  const { location, navigate } = useRouter();
  const params = new URLSearchParams(location.search);
  const level = params.get('niveau');
  const need = NEEDS.find((n) => n === params.get('behoefte')) ?? null;
  const version = params.get('versie');
  const [lesson, setLesson] = useState<Lesson | null>(null);
  const [entry, setEntry] = useState<Resource | null>(null);
  const [attribution, setAttribution] = useState<LessonCheck['attribution']>([]);
  const [missing, setMissing] = useState(false);
  const chooserId = useId();
  const { session } = useSession();
  const [forks, setForks] = useState<{ id: string; title: string; owner: string }[]>([]);
  const [forkError, setForkError] = useState<string | null>(null);
  const fork = async () => {
    try {
      const copy = await api<Lesson>(`/api/v1/lessons/${encodeURIComponent(id)}/fork`, { method: 'POST' });
      navigate(`/lessen/${copy.id}`);
    } catch (e) {
      setForkError(problem(e));
    }
  };

  useEffect(() => {
    setLesson(null);
    setMissing(false);
    const query = version ? `?version=${encodeURIComponent(version)}` : '';
    api<Lesson>(`/api/v1/lessons/${encodeURIComponent(id)}${query}`)
      .then((found) => {
        setLesson(found);
        const shown = found.shows.version ? `?version=${found.shows.version}` : '';
        void api<LessonCheck>(`/api/v1/lessons/${encodeURIComponent(id)}/check${shown}`)
          .then((c) => setAttribution(c.attribution))
          .catch(() => undefined);
        if (found.forkCount > 0)
          void api<{ items: { id: string; title: string; owner: string }[] }>(
            `/api/v1/lessons/${encodeURIComponent(id)}/forks`,
          )
            .then((r) => setForks(r.items))
            .catch(() => undefined);
        if (found.status === 'published')
          void api<Resource>(`/api/v1/resources/${encodeURIComponent(id)}`)
            .then(setEntry)
            .catch(() => undefined);
      })
      .catch((e) => {
        if (e instanceof ApiError && e.status === 404) setMissing(true);
      });
  }, [id, version]);

  if (missing)
    return (
      <Layout title={t('lesson.notFound')}>
        <h1>{t('lesson.notFound')}</h1>
        <p>
          <Link to="/zoeken">{t('nav.search')}</Link>
        </p>
      </Layout>
    );
  if (!lesson)
    return (
      <Layout title={t('resource.loading')}>
        <p aria-live="polite">{t('resource.loading')}</p>
      </Layout>
    );

  const doc = lesson.document;
  const levelLabel = (levelId: string) => {
    const known = entry?.levels.find((l) => l.id === levelId);
    return known ? label(known.label, known.labelEn) : levelId;
  };
  const levels = [...new Set(doc.sections.flatMap((s) => s.variants.flatMap((v) => v.audience.levels)))];
  const needs = NEEDS.filter((n) => doc.sections.some((s) => s.variants.some((v) => v.audience.need === n)));
  const choice = level ? `niveau=${level}` : need ? `behoefte=${need}` : '';
  const choose = (value: string) => {
    const next = new URLSearchParams(location.search);
    next.delete('niveau');
    next.delete('behoefte');
    if (value) {
      const [key, v] = value.split('=');
      next.set(key!, v!);
    }
    const search = next.toString();
    navigate(`${location.pathname}${search ? `?${search}` : ''}`, { replace: true });
  };
  const resources = new Map(lesson.resources.map((r) => [r.id, r]));

  return (
    <Layout title={doc.title}>
      <article className="lesson" lang={doc.language}>
        <header className="lesson-head">
          <p className="lesson-kind">{lesson.status === 'draft' ? t('lesson.draft') : t('lesson.kind')}</p>
          <h1>{doc.title}</h1>
          {doc.summary && <p className="lesson-summary">{doc.summary}</p>}
          <p className="lesson-meta">
            {[
              entry?.levels.map((l) => label(l.label, l.labelEn)).join(', '),
              doc.durationMinutes ? t('lesson.minutes', { n: doc.durationMinutes }) : null,
              lesson.owner.name,
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
          {lesson.forkedFrom && (
            <p className="lesson-origin">
              {t('lesson.basedOn')} <Link to={`/les/${lesson.forkedFrom.id}`}>{lesson.forkedFrom.title}</Link>
              {lesson.forkedFrom.authors.length ? ` (${lesson.forkedFrom.authors.join(', ')})` : ''}
            </p>
          )}
          {(levels.length > 0 || needs.length > 0) && (
            <p className="lesson-variant no-print">
              <label htmlFor={chooserId}>{t('lesson.variantFor')}</label>{' '}
              <select id={chooserId} value={choice} onChange={(e) => choose(e.target.value)}>
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
            </p>
          )}
        </header>
        {doc.sections.map((section, index) => {
          const variant = chooseVariant(section, { level, need });
          return (
            <section key={section.id} className="lesson-section" aria-labelledby={`section-${section.id}`}>
              <h2 id={`section-${section.id}`}>{section.title || t('lesson.section', { n: index + 1 })}</h2>
              {variant.items.map((item) => (
                <Item key={item.id} item={item} lesson={lesson} resources={resources} />
              ))}
            </section>
          );
        })}
        {attribution.length > 0 && (
          <section className="lesson-attribution" aria-labelledby="attribution-heading">
            <h2 id="attribution-heading">{t('lesson.attribution')}</h2>
            <ul>
              {attribution.map((a, i) => (
                <li key={i}>{a[lang]}</li>
              ))}
            </ul>
            {entry && (
              <p>
                {t('lesson.licence')}:{' '}
                <a href={entry.licence.uri ?? undefined} rel="license">
                  {entry.licence.notation ?? entry.licence.label}
                </a>
              </p>
            )}
          </section>
        )}
        <div className="lesson-tools no-print">
          <p className="actions">
            <button type="button" onClick={() => window.print()}>
              {t('lesson.print')}
            </button>
            {lesson.canEdit && (
              <Link className="button" to={`/lessen/${lesson.id}`}>
                {t('lesson.edit')}
              </Link>
            )}
            {session && !lesson.canEdit && lesson.version !== null && (
              <button type="button" className="secondary" onClick={() => void fork()}>
                {t('lesson.fork')}
              </button>
            )}
            {lesson.forkCount > 0 && <span className="small">{t('lesson.forkCount', { n: lesson.forkCount })}</span>}
          </p>
          {forkError && (
            <p role="alert" className="error">
              {forkError}
            </p>
          )}
          {forks.length > 0 && (
            <section aria-labelledby="forks-heading">
              <h2 id="forks-heading">{t('lesson.forks')}</h2>
              <ul>
                {forks.map((f) => (
                  <li key={f.id}>
                    <Link to={`/les/${f.id}`}>{f.title}</Link> <span className="small">({f.owner})</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {lesson.version !== null && (
            <ShareLesson id={lesson.id} query={choice} showExports={lesson.canEdit || lesson.status === 'published'} />
          )}
        </div>
      </article>
    </Layout>
  );
}

function Item({
  item,
  lesson,
  resources,
}: {
  item: LessonItem;
  lesson: Lesson;
  resources: Map<string, Lesson['resources'][number]>;
}) {
  const { t } = useI18n();
  const html = lesson.html[item.id];
  switch (item.type) {
    case 'text':
      return <div className="lesson-text" dangerouslySetInnerHTML={{ __html: html ?? '' }} />;
    case 'resource':
    case 'detail': {
      const r = resources.get(item.resourceId);
      if (!r || r.state !== 'available') {
        return (
          <div className="lesson-gone" role="note">
            <strong>{t('lesson.gone')}</strong> {r?.title ? `“${r.title}”` : ''}{' '}
            {r?.withdrawnReason ? `(${r.withdrawnReason})` : ''}
          </div>
        );
      }
      const caption = item.type === 'detail' ? item.caption : null;
      const still =
        r.thumbnail && item.use === 'embed' ? (
          <img src={r.thumbnail} alt={caption || r.title || ''} loading="lazy" referrerPolicy="no-referrer" />
        ) : null;
      return (
        <figure className="lesson-resource">
          {item.type === 'detail' && item.use === 'embed' ? (
            <Suspense fallback={still}>
              <IiifViewer item={item} title={r.title ?? ''} fallback={still} />
            </Suspense>
          ) : (
            still
          )}
          <figcaption>
            {caption && <span className="lesson-caption">{caption} </span>}
            <Link to={`/r/${r.id}`}>{r.title}</Link>
            {item.type === 'detail' && item.annotations.length > 0 && (
              <ul className="lesson-annotations">
                {item.annotations.map((a, i) => (
                  <li key={i}>{a.text}</li>
                ))}
              </ul>
            )}
          </figcaption>
          {html && <div className="lesson-note" dangerouslySetInnerHTML={{ __html: html }} />}
        </figure>
      );
    }
    case 'closed':
      return (
        <div className="lesson-closed">
          <span className="badge">{t('lesson.closed')}</span>{' '}
          <a href={item.url} rel="noopener noreferrer">
            {item.title}
          </a>
          {[item.publisher, item.method, item.chapter].filter(Boolean).length > 0 && (
            <span> — {[item.publisher, item.method, item.chapter].filter(Boolean).join(', ')}</span>
          )}
          {html && <div className="lesson-note" dangerouslySetInnerHTML={{ __html: html }} />}
        </div>
      );
    case 'task':
      return <Task task={item.task} id={item.id} />;
  }
}

/** A task answered in the page: nothing leaves the pupil's browser. */
function Task({ task, id }: { task: Extract<LessonItem, { type: 'task' }>['task']; id: string }) {
  const { t } = useI18n();
  const [picked, setPicked] = useState<number | null>(null);
  const [checked, setChecked] = useState(false);
  const [shown, setShown] = useState(false);
  if (task.kind === 'open') {
    return (
      <div className="lesson-task">
        <label htmlFor={`answer-${id}`} className="lesson-question">
          {task.question}
        </label>
        <textarea id={`answer-${id}`} rows={4} />
        {task.answer && (
          <p>
            <button type="button" aria-expanded={shown} onClick={() => setShown(!shown)}>
              {t('lesson.showAnswer')}
            </button>
          </p>
        )}
        {shown && <p className="lesson-feedback">{task.answer}</p>}
      </div>
    );
  }
  const option = picked === null ? null : task.options[picked];
  return (
    <fieldset className="lesson-task">
      <legend className="lesson-question">{task.question}</legend>
      {task.options.map((o, i) => (
        <label key={i} className="lesson-option">
          <input
            type="radio"
            name={`task-${id}`}
            checked={picked === i}
            onChange={() => {
              setPicked(i);
              setChecked(false);
            }}
          />{' '}
          {o.text}
        </label>
      ))}
      <p>
        <button type="button" disabled={picked === null} onClick={() => setChecked(true)}>
          {t('lesson.check')}
        </button>
      </p>
      <p aria-live="polite" className="lesson-feedback">
        {checked && option
          ? `${option.correct ? t('lesson.right') : t('lesson.wrong')}${option.feedback ? ` ${option.feedback}` : ''}`
          : ''}
      </p>
    </fieldset>
  );
}

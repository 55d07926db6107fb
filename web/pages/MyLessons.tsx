import { useEffect, useState } from 'react';
import { api, type Lesson, type LessonSummary } from '../api.ts';
import { Layout } from '../components/Layout.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, SignInLink, useRouter } from '../router.tsx';
import { useSession } from '../session.tsx';

/** A teacher's lessons: drafts and published ones, newest change first, and a button for a new one. */
export function MyLessons() {
  const { t, lang, problem } = useI18n();
  const { session } = useSession();
  const { navigate } = useRouter();
  const [items, setItems] = useState<LessonSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!session) return;
    api<{ items: LessonSummary[] }>('/api/v1/lessons')
      .then((r) => setItems(r.items))
      .catch((e) => setError(problem(e)));
  }, [session]);

  const create = async () => {
    try {
      const lesson = await api<Lesson>('/api/v1/lessons', { method: 'POST', body: JSON.stringify({}) });
      navigate(`/lessen/${lesson.id}`);
    } catch (e) {
      setError(problem(e));
    }
  };

  if (!session)
    return (
      <Layout title={t('builder.myLessons')}>
        <h1>{t('builder.myLessons')}</h1>
        <p>
          <SignInLink>{t('builder.signInToAdd')}</SignInLink>
        </p>
      </Layout>
    );
  const date = (iso: string) =>
    new Date(iso).toLocaleDateString(lang === 'nl' ? 'nl-NL' : 'en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
  return (
    <Layout title={t('builder.myLessons')}>
      <h1>{t('builder.myLessons')}</h1>
      <p className="actions">
        <button type="button" onClick={() => void create()}>
          {t('builder.newLesson')}
        </button>
        <Link to="/zoeken">{t('builder.startFromSearch')}</Link>
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {items === null ? (
        <p aria-live="polite">{t('resource.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('builder.noLessons')}</p>
      ) : (
        <ul className="lesson-list">
          {items.map((l) => (
            <li key={l.id}>
              <Link to={`/lessen/${l.id}`}>
                <strong>{l.title || t('builder.untitled')}</strong>
              </Link>{' '}
              <span className={`status status-${l.version ? 'completed' : 'running'}`}>
                {l.version ? t('builder.publishedVersion', { n: l.version }) : t('builder.draftOnly')}
              </span>
              <span className="small"> · {t('builder.changed', { date: date(l.updatedAt) })}</span>
              {l.version && (
                <>
                  {' '}
                  · <Link to={`/les/${l.id}`}>{t('builder.pupilView')}</Link>
                </>
              )}
              {l.forkedFrom && <span className="small"> · {t('builder.isCopy')}</span>}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

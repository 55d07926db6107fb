import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, ApiError, type Post, type Thread } from '../../api.ts';
import { Layout } from '../../components/Layout.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { path, useDate } from './shared.tsx';

/** `/gemeenschappen/{slug}/discussies/{id}`: a discussion's posts, replies, edits and removals (members). */
export function ThreadPage({ slug, threadId }: { slug: string; threadId: string }) {
  const { t, problem } = useI18n();
  const { session } = useSession();
  const date = useDate();
  const id = useId();
  const [data, setData] = useState<{ thread: Thread; posts: Post[] } | null>(null);
  const [error, setError] = useState<{ status: number; text: string } | null>(null);
  const [reply, setReply] = useState('');
  const [editing, setEditing] = useState<{ id: string; body: string } | null>(null);
  const [status, setStatus] = useState('');
  const base = `${path(slug)}/threads/${encodeURIComponent(threadId)}`;
  const load = () =>
    api<{ thread: Thread; posts: Post[] }>(base)
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch((e) => setError({ status: e instanceof ApiError ? e.status : 0, text: problem(e) }));
  useEffect(() => {
    void load();
  }, [base, session]);

  if (error && !data) {
    return (
      <Layout title={t('community.discussion')}>
        <h1>{t('community.discussion')}</h1>
        <p role="alert" className="error">
          {error.status === 401
            ? t('community.signInToRead')
            : error.status === 403
              ? t('community.discussionsForMembers')
              : error.text}
        </p>
        <p>
          <Link to={`/gemeenschappen/${slug}`}>{t('community.back')}</Link>
        </p>
      </Layout>
    );
  }
  if (!data)
    return (
      <Layout title={t('resource.loading')}>
        <p aria-live="polite">{t('resource.loading')}</p>
      </Layout>
    );

  const send = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api<Post>(`${base}/posts`, { method: 'POST', body: JSON.stringify({ body: reply }) });
      setReply('');
      setStatus(t('community.replied'));
      await load();
    } catch (e) {
      setStatus(problem(e));
    }
  };
  const saveEdit = async (event: FormEvent) => {
    event.preventDefault();
    if (!editing) return;
    try {
      await api<Post>(`${base}/posts/${encodeURIComponent(editing.id)}`, {
        method: 'PATCH',
        body: JSON.stringify({ body: editing.body }),
      });
      setEditing(null);
      setStatus(t('community.postSaved'));
      await load();
    } catch (e) {
      setStatus(problem(e));
    }
  };
  const remove = async (post: Post) => {
    if (!window.confirm(t('community.confirmRemovePost'))) return;
    try {
      await api(`${base}/posts/${encodeURIComponent(post.id)}`, { method: 'DELETE' });
      setStatus(t('community.postRemoved'));
      await load();
    } catch (e) {
      setStatus(problem(e));
    }
  };
  return (
    <Layout title={data.thread.title}>
      <div className="community-page">
        <p className="small">
          <Link to={`/gemeenschappen/${slug}`}>{t('community.back')}</Link>
        </p>
        <h1>{data.thread.title}</h1>
        {data.thread.resource && (
          <p>
            {t('community.about')} <Link to={`/r/${data.thread.resource.id}`}>{data.thread.resource.title}</Link>
          </p>
        )}
        <ol className="post-list">
          {data.posts.map((post) => (
            <li key={post.id} className="panel post">
              <p className="small">
                <strong>{post.author.name}</strong> · {date(post.createdAt)}
                {post.editedAt && ` · ${t('community.edited')}`}
              </p>
              {post.removed ? (
                <p className="small">
                  <em>{t('community.removedPost')}</em>
                </p>
              ) : editing?.id === post.id ? (
                <form onSubmit={(e) => void saveEdit(e)}>
                  <label htmlFor={`${id}-edit`} className="visually-hidden">
                    {t('community.editPost')}
                  </label>
                  <textarea
                    id={`${id}-edit`}
                    className="wide"
                    rows={4}
                    required
                    maxLength={20000}
                    value={editing.body}
                    onChange={(e) => setEditing({ id: post.id, body: e.target.value })}
                  />
                  <button type="submit">{t('community.save')}</button>{' '}
                  <button type="button" className="secondary" onClick={() => setEditing(null)}>
                    {t('community.cancel')}
                  </button>
                </form>
              ) : (
                <div className="post-body" dangerouslySetInnerHTML={{ __html: post.html ?? '' }} />
              )}
              {!post.removed && editing?.id !== post.id && (post.mayEdit || post.mayRemove) && (
                <p>
                  {post.mayEdit && (
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => setEditing({ id: post.id, body: post.body ?? '' })}
                    >
                      {t('community.editPost')}
                    </button>
                  )}{' '}
                  {post.mayRemove && (
                    <button type="button" className="secondary" onClick={() => void remove(post)}>
                      {t('community.removePost')}
                    </button>
                  )}
                </p>
              )}
            </li>
          ))}
        </ol>
        <form className="panel" onSubmit={(e) => void send(e)}>
          <p>
            <label htmlFor={`${id}-reply`}>{t('community.reply')}</label>
            <br />
            <textarea
              id={`${id}-reply`}
              className="wide"
              rows={4}
              required
              maxLength={20000}
              aria-describedby={`${id}-help`}
              value={reply}
              onChange={(e) => setReply(e.target.value)}
            />
            <br />
            <span id={`${id}-help`} className="small">
              {t('community.markdownHelp')}
            </span>
          </p>
          <button type="submit">{t('community.send')}</button>
        </form>
        <p role="status">{status}</p>
      </div>
    </Layout>
  );
}

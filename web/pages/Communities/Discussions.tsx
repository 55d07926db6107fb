import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, type Community, type CommunityMember, type Thread } from '../../api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, useRouter } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { path, useDate } from './shared.tsx';

/** The discussions, most recently active first, and the form to start one (members). */
export function Discussions({ community }: { community: Community }) {
  const { t, problem } = useI18n();
  const date = useDate();
  const { navigate } = useRouter();
  const id = useId();
  const [threads, setThreads] = useState<Thread[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = (after: string | null) =>
    api<{ items: Thread[]; nextCursor: string | null }>(
      `${path(community.slug)}/threads${after ? `?cursor=${encodeURIComponent(after)}` : ''}`,
    )
      .then((r) => {
        setThreads((current) => (after && current ? [...current, ...r.items] : r.items));
        setCursor(r.nextCursor);
      })
      .catch((e) => setError(problem(e)));
  useEffect(() => {
    void load(null);
  }, [community.slug]);
  const start = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const made = await api<{ thread: Thread }>(`${path(community.slug)}/threads`, {
        method: 'POST',
        body: JSON.stringify({ title, body }),
      });
      navigate(`/gemeenschappen/${community.slug}/discussies/${made.thread.id}`);
    } catch (e) {
      setError(problem(e));
    }
  };
  return (
    <section aria-labelledby="discussions-title">
      <h2 id="discussions-title">{t('community.discussions')}</h2>
      {threads === null ? (
        <p aria-live="polite">{t('resource.loading')}</p>
      ) : threads.length === 0 ? (
        <p>{t('community.noThreads')}</p>
      ) : (
        <ul className="thread-list">
          {threads.map((thread) => (
            <li key={thread.id}>
              <Link to={`/gemeenschappen/${community.slug}/discussies/${thread.id}`}>
                <strong>{thread.title}</strong>
              </Link>
              <span className="small">
                {' '}
                ·{' '}
                {t('community.threadFacts', {
                  name: thread.startedBy.name,
                  posts: thread.posts,
                  date: date(thread.lastPostAt),
                })}
              </span>
              {thread.resource && (
                <span className="small">
                  {' '}
                  · {t('community.about')} <Link to={`/r/${thread.resource.id}`}>{thread.resource.title}</Link>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" className="secondary" onClick={() => void load(cursor)}>
          {t('community.more')}
        </button>
      )}
      {community.myRole && (
        <form className="panel" onSubmit={(e) => void start(e)} aria-labelledby={`${id}-title`}>
          <h3 id={`${id}-title`}>{t('community.newThread')}</h3>
          <p>
            <label htmlFor={`${id}-subject`}>{t('community.threadTitle')}</label>
            <br />
            <input
              id={`${id}-subject`}
              className="wide"
              required
              minLength={3}
              maxLength={200}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
            />
          </p>
          <p>
            <label htmlFor={`${id}-body`}>{t('community.post')}</label>
            <br />
            <textarea
              id={`${id}-body`}
              className="wide"
              rows={4}
              required
              maxLength={20000}
              aria-describedby={`${id}-help`}
              value={body}
              onChange={(e) => setBody(e.target.value)}
            />
            <br />
            <span id={`${id}-help`} className="small">
              {t('community.markdownHelp')}
            </span>
          </p>
          <button type="submit">{t('community.startThread')}</button>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}

/** The members by role; moderators make others moderator or remove them. */
export function Members({
  community,
  canManage,
  onChange,
}: {
  community: Community;
  canManage: boolean;
  onChange: () => void;
}) {
  const { t, problem } = useI18n();
  const { session } = useSession();
  const [members, setMembers] = useState<CommunityMember[] | null>(null);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const load = () =>
    api<{ items: CommunityMember[] }>(`${path(community.slug)}/members`)
      .then((r) => setMembers(r.items))
      .catch((e) => setStatus({ error: true, text: problem(e) }));
  useEffect(() => {
    void load();
  }, [community.slug, community.counts.members]);
  const setRole = async (member: CommunityMember, role: 'member' | 'moderator') => {
    try {
      await api(`${path(community.slug)}/members/${encodeURIComponent(member.id)}`, {
        method: 'PUT',
        body: JSON.stringify({ role }),
      });
      setStatus({
        error: false,
        text: t(role === 'moderator' ? 'community.madeModerator' : 'community.madeMember', { name: member.name }),
      });
      await load();
    } catch (e) {
      setStatus({ error: true, text: problem(e) });
    }
  };
  const remove = async (member: CommunityMember) => {
    if (!window.confirm(t('community.confirmRemoveMember', { name: member.name }))) return;
    try {
      await api(`${path(community.slug)}/members/${encodeURIComponent(member.id)}`, { method: 'DELETE' });
      setStatus({ error: false, text: t('community.memberRemoved', { name: member.name }) });
      onChange();
    } catch (e) {
      setStatus({ error: true, text: problem(e) });
    }
  };
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">{t('community.members')}</h2>
      {members === null ? (
        <p aria-live="polite">{t('resource.loading')}</p>
      ) : (
        <ul className="member-list">
          {members.map((m) => (
            <li key={m.id}>
              {m.name} <span className="small">({t(`community.role.${m.role}`)})</span>
              {canManage && m.id !== session?.user.id && (
                <>
                  {' '}
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => void setRole(m, m.role === 'moderator' ? 'member' : 'moderator')}
                  >
                    {t(m.role === 'moderator' ? 'community.makeMember' : 'community.makeModerator')}
                    <span className="visually-hidden">: {m.name}</span>
                  </button>{' '}
                  <button type="button" className="secondary" onClick={() => void remove(m)}>
                    {t('community.removeMember')}
                    <span className="visually-hidden">: {m.name}</span>
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <p role="status" className={status?.error ? 'error' : ''}>
        {status?.text ?? ''}
      </p>
    </section>
  );
}

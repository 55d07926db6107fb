import { useEffect, useId, useState, type FormEvent } from 'react';
import {
  api,
  ApiError,
  type Community,
  type CommunityItem,
  type CommunityMember,
  type Post,
  type Thread,
  type VocabConcept,
} from '../api.ts';
import { Layout } from '../components/Layout.tsx';
import { ResourceCard } from '../components/ResourceCard.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, useRouter } from '../router.tsx';
import { useSession } from '../session.tsx';

/** School levels (groep 1–8, po, vmbo, havo, …) in natural order, then reference levels (1F, 2S, …). */
const byLevel = (a: VocabConcept, b: VocabConcept) =>
  Number(/^\d/.test(a.labelNl)) - Number(/^\d/.test(b.labelNl)) ||
  a.labelNl.localeCompare(b.labelNl, 'nl', { numeric: true });
const message = (e: unknown) => (e instanceof ApiError ? e.message : String(e));
const path = (slug: string) => `/api/v1/communities/${encodeURIComponent(slug)}`;

function useDate() {
  const { lang } = useI18n();
  return (iso: string) =>
    new Date(iso).toLocaleDateString(lang === 'nl' ? 'nl-NL' : 'en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
}

/** Kind, region, subjects and levels of a community in one line. */
function CommunityFacts({ community }: { community: Community }) {
  const { t, label } = useI18n();
  const parts = [
    t(`community.kind.${community.kind}`) + (community.region ? ` · ${community.region}` : ''),
    ...community.subjects.map((s) => label(s.label, s.labelEn)),
  ];
  return (
    <>
      <p className="card-kind">{parts.join(' · ')}</p>
      {community.levels.length > 0 && (
        <p className="small">{community.levels.map((l) => label(l.label, l.labelEn)).join(', ')}</p>
      )}
    </>
  );
}

/** `/gemeenschappen`: every community (or one kind), the signed-in user's marked, and a form to start one. */
export function CommunitiesPage() {
  const { t } = useI18n();
  const { session } = useSession();
  const { location, navigate } = useRouter();
  const kind = new URLSearchParams(location.search).get('soort');
  const apiKind = kind === 'vak' ? 'subject' : kind === 'regio' ? 'regional' : null;
  const [items, setItems] = useState<Community[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setItems(null);
    api<{ items: Community[] }>(`/api/v1/communities${apiKind ? `?kind=${apiKind}` : ''}`)
      .then((r) => setItems(r.items))
      .catch((e) => setError(message(e)));
  }, [apiKind, session]);
  const filters: [string | null, string][] = [
    [null, t('community.all')],
    ['vak', t('community.subjectCommunities')],
    ['regio', t('community.regionalNetworks')],
  ];
  return (
    <Layout title={t('community.title')}>
      <h1>{t('community.title')}</h1>
      <p>{t('community.intro')}</p>
      <nav aria-label={t('community.filter')}>
        <ul className="inline-list">
          {filters.map(([value, text]) => (
            <li key={text}>
              <Link
                to={value ? `/gemeenschappen?soort=${value}` : '/gemeenschappen'}
                aria-current={kind === value ? 'page' : undefined}
              >
                {text}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {items === null ? (
        <p aria-live="polite">{t('resource.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('community.none')}</p>
      ) : (
        <ul className="community-list">
          {items.map((c) => (
            <li key={c.id} className="panel">
              <h2>
                <Link to={`/gemeenschappen/${c.slug}`}>{c.name}</Link>
                {c.myRole && <span className="badge"> {t(`community.role.${c.myRole}`)}</span>}
              </h2>
              <CommunityFacts community={c} />
              {c.description && <p>{c.description}</p>}
              <p className="small">
                {t('community.counts', { members: c.counts.members, items: c.counts.items, threads: c.counts.threads })}
              </p>
            </li>
          ))}
        </ul>
      )}
      {session ? (
        <NewCommunity onCreated={(c) => navigate(`/gemeenschappen/${c.slug}`)} />
      ) : (
        <p>
          <Link to="/inloggen">{t('community.signInToStart')}</Link>
        </p>
      )}
    </Layout>
  );
}

/** The form to start a community: its maker becomes its moderator. */
function NewCommunity({ onCreated }: { onCreated: (community: Community) => void }) {
  const { t, label } = useI18n();
  const id = useId();
  const [subjects, setSubjects] = useState<VocabConcept[]>([]);
  const [levels, setLevels] = useState<VocabConcept[]>([]);
  const [values, setValues] = useState({
    kind: 'subject',
    name: '',
    region: '',
    subject: '',
    levels: [] as string[],
    description: '',
  });
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api<{ concepts: VocabConcept[] }>('/api/v1/vocabularies/subject').then((r) =>
      setSubjects([...r.concepts].sort((a, b) => a.labelNl.localeCompare(b.labelNl, 'nl'))),
    );
    void api<{ concepts: VocabConcept[] }>('/api/v1/vocabularies/level').then((r) =>
      setLevels([...r.concepts].sort(byLevel)),
    );
  }, []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const created = await api<Community>('/api/v1/communities', {
        method: 'POST',
        body: JSON.stringify({
          kind: values.kind,
          name: values.name,
          description: values.description,
          subjects: values.subject ? [values.subject] : [],
          levels: values.levels,
          region: values.kind === 'regional' ? values.region : null,
        }),
      });
      onCreated(created);
    } catch (e) {
      setError(message(e));
    }
  };
  return (
    <form className="panel community-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('community.start')}</h2>
      <fieldset>
        <legend>{t('community.kindLabel')}</legend>
        {(['subject', 'regional'] as const).map((k) => (
          <label key={k} className="choice">
            <input
              type="radio"
              name={`${id}-kind`}
              value={k}
              checked={values.kind === k}
              onChange={() => setValues({ ...values, kind: k })}
            />{' '}
            {t(`community.kind.${k}`)}
          </label>
        ))}
      </fieldset>
      <p>
        <label htmlFor={`${id}-name`}>{t('community.name')}</label>
        <br />
        <input
          id={`${id}-name`}
          className="wide"
          required
          minLength={3}
          maxLength={120}
          value={values.name}
          onChange={(e) => setValues({ ...values, name: e.target.value })}
        />
      </p>
      {values.kind === 'regional' && (
        <p>
          <label htmlFor={`${id}-region`}>{t('community.region')}</label>
          <br />
          <input
            id={`${id}-region`}
            className="wide"
            required
            maxLength={120}
            value={values.region}
            onChange={(e) => setValues({ ...values, region: e.target.value })}
          />
        </p>
      )}
      <p>
        <label htmlFor={`${id}-subject`}>{t('community.subject')}</label>
        <br />
        <select
          id={`${id}-subject`}
          value={values.subject}
          onChange={(e) => setValues({ ...values, subject: e.target.value })}
        >
          <option value="">{t('community.noSubject')}</option>
          {subjects.map((s) => (
            <option key={s.id} value={s.id}>
              {label(s.labelNl, s.labelEn)}
            </option>
          ))}
        </select>
      </p>
      <p>
        <label htmlFor={`${id}-levels`}>{t('community.levels')}</label>
        <br />
        <select
          id={`${id}-levels`}
          multiple
          size={6}
          aria-describedby={`${id}-levels-help`}
          value={values.levels}
          onChange={(e) => setValues({ ...values, levels: [...e.target.selectedOptions].map((o) => o.value) })}
        >
          {levels.map((l) => (
            <option key={l.id} value={l.id}>
              {label(l.labelNl, l.labelEn)}
            </option>
          ))}
        </select>
        <br />
        <span id={`${id}-levels-help`} className="small">
          {t('community.levelsHelp')}
        </span>
      </p>
      <p>
        <label htmlFor={`${id}-description`}>{t('community.description')}</label>
        <br />
        <textarea
          id={`${id}-description`}
          className="wide"
          rows={3}
          maxLength={4000}
          value={values.description}
          onChange={(e) => setValues({ ...values, description: e.target.value })}
        />
      </p>
      <button type="submit">{t('community.startButton')}</button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

/** `/gemeenschappen/{slug}`: about, join or leave, the shared collection, discussions and members. */
export function CommunityPage({ slug }: { slug: string }) {
  const { t } = useI18n();
  const { session } = useSession();
  const [community, setCommunity] = useState<Community | null>(null);
  const [missing, setMissing] = useState(false);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const load = () =>
    api<Community>(path(slug))
      .then(setCommunity)
      .catch((e) => {
        if (e instanceof ApiError && e.status === 404) setMissing(true);
        else setStatus({ error: true, text: message(e) });
      });
  useEffect(() => {
    setCommunity(null);
    void load();
  }, [slug, session]);

  if (missing)
    return (
      <Layout title={t('community.notFound')}>
        <h1>{t('community.notFound')}</h1>
        <p>
          <Link to="/gemeenschappen">{t('community.title')}</Link>
        </p>
      </Layout>
    );
  if (!community)
    return (
      <Layout title={t('resource.loading')}>
        <p aria-live="polite">{t('resource.loading')}</p>
      </Layout>
    );

  const join = async () => {
    try {
      setCommunity(await api<Community>(`${path(slug)}/members`, { method: 'POST' }));
      setStatus({ error: false, text: t('community.joined', { name: community.name }) });
    } catch (e) {
      setStatus({ error: true, text: message(e) });
    }
  };
  const leave = async () => {
    if (!session || !window.confirm(t('community.confirmLeave', { name: community.name }))) return;
    try {
      await api(`${path(slug)}/members/${encodeURIComponent(session.user.id)}`, { method: 'DELETE' });
      setStatus({ error: false, text: t('community.left', { name: community.name }) });
      await load();
    } catch (e) {
      setStatus({ error: true, text: message(e) });
    }
  };
  const member = community.myRole !== null;
  const moderator =
    community.myRole === 'moderator' || session?.user.role === 'admin' || session?.user.role === 'curator';

  return (
    <Layout title={community.name}>
      <div className="community-page">
        <p className="small">
          <Link to="/gemeenschappen">{t('community.title')}</Link>
        </p>
        <h1>{community.name}</h1>
        <CommunityFacts community={community} />
        {community.description && <p className="description">{community.description}</p>}
        <p className="small">
          {t('community.counts', {
            members: community.counts.members,
            items: community.counts.items,
            threads: community.counts.threads,
          })}
        </p>
        <div className="actions">
          {!session && <Link to="/inloggen">{t('community.signInToJoin')}</Link>}
          {session && !member && (
            <button type="button" onClick={() => void join()}>
              {t('community.join')}
            </button>
          )}
          {session && member && (
            <>
              <span className="badge">{t(`community.role.${community.myRole!}`)}</span>{' '}
              <button type="button" className="secondary" onClick={() => void leave()}>
                {t('community.leave')}
              </button>
            </>
          )}
        </div>
        <p role="status" className={status?.error ? 'error' : ''}>
          {status?.text ?? ''}
        </p>
        {moderator && <EditCommunity community={community} onSaved={setCommunity} />}
        <Collection community={community} onChange={() => void load()} />
        {member || moderator ? (
          <Discussions community={community} />
        ) : (
          <section aria-labelledby="discussions-title">
            <h2 id="discussions-title">{t('community.discussions')}</h2>
            <p>{t('community.discussionsForMembers')}</p>
          </section>
        )}
        {(member || moderator) && <Members community={community} canManage={moderator} onChange={() => void load()} />}
        <p className="small">
          {t('community.oaiSet')} <code>{community.setSpec}</code>
        </p>
      </div>
    </Layout>
  );
}

/** Moderators change the name and description (a disclosure, in reading order). */
function EditCommunity({ community, onSaved }: { community: Community; onSaved: (c: Community) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(community.name);
  const [description, setDescription] = useState(community.description);
  const [error, setError] = useState<string | null>(null);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      onSaved(
        await api<Community>(path(community.slug), { method: 'PATCH', body: JSON.stringify({ name, description }) }),
      );
      setOpen(false);
      setError(null);
    } catch (e) {
      setError(message(e));
    }
  };
  return (
    <div>
      <button
        type="button"
        className="secondary"
        aria-expanded={open}
        aria-controls={`${id}-form`}
        onClick={() => setOpen(!open)}
      >
        {t('community.edit')}
      </button>
      <form id={`${id}-form`} hidden={!open} className="panel" onSubmit={(e) => void save(e)}>
        <p>
          <label htmlFor={`${id}-name`}>{t('community.name')}</label>
          <br />
          <input
            id={`${id}-name`}
            className="wide"
            required
            minLength={3}
            maxLength={120}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </p>
        <p>
          <label htmlFor={`${id}-description`}>{t('community.description')}</label>
          <br />
          <textarea
            id={`${id}-description`}
            className="wide"
            rows={3}
            maxLength={4000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </p>
        <button type="submit">{t('community.save')}</button>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
    </div>
  );
}

/** The shared collection: resource cards with who added them and why, newest first, in pages. */
function Collection({ community, onChange }: { community: Community; onChange: () => void }) {
  const { t } = useI18n();
  const date = useDate();
  const [items, setItems] = useState<CommunityItem[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const load = async (after: string | null) => {
    const page = await api<{ items: CommunityItem[]; nextCursor: string | null }>(
      `${path(community.slug)}/items?limit=24${after ? `&cursor=${encodeURIComponent(after)}` : ''}`,
    );
    setItems((current) => (after && current ? [...current, ...page.items] : page.items));
    setCursor(page.nextCursor);
  };
  useEffect(() => {
    void load(null);
  }, [community.slug, community.myRole, community.counts.items]);
  const remove = async (item: CommunityItem) => {
    try {
      await api(`${path(community.slug)}/items/${encodeURIComponent(item.resource.id)}`, { method: 'DELETE' });
      setStatus(t('community.itemRemoved', { title: item.resource.title }));
      onChange();
    } catch (e) {
      setStatus(message(e));
    }
  };
  return (
    <section aria-labelledby="collection-title">
      <h2 id="collection-title">{t('community.collection')}</h2>
      {community.myRole && (
        <p className="small">
          {t('community.collectionHelp')} <Link to="/zoeken">{t('nav.search')}</Link>
        </p>
      )}
      {items === null ? (
        <p aria-live="polite">{t('resource.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('community.emptyCollection')}</p>
      ) : (
        <ul className="card-grid plain-list">
          {items.map((item) => (
            <li key={item.resource.id} className="community-item">
              <ResourceCard resource={item.resource} />
              {item.resource.status === 'withdrawn' && <p className="small error">{t('resource.withdrawn')}</p>}
              {item.note && <p className="small note">“{item.note}”</p>}
              <p className="small">{t('community.addedBy', { name: item.addedBy.name, date: date(item.addedAt) })}</p>
              {item.mayRemove && (
                <button type="button" className="secondary" onClick={() => void remove(item)}>
                  {t('community.removeItem')}
                  <span className="visually-hidden">: {item.resource.title}</span>
                </button>
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
      <p role="status">{status}</p>
    </section>
  );
}

/** The discussions, most recently active first, and the form to start one (members). */
function Discussions({ community }: { community: Community }) {
  const { t } = useI18n();
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
      .catch((e) => setError(message(e)));
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
      setError(message(e));
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
function Members({
  community,
  canManage,
  onChange,
}: {
  community: Community;
  canManage: boolean;
  onChange: () => void;
}) {
  const { t } = useI18n();
  const { session } = useSession();
  const [members, setMembers] = useState<CommunityMember[] | null>(null);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const load = () =>
    api<{ items: CommunityMember[] }>(`${path(community.slug)}/members`)
      .then((r) => setMembers(r.items))
      .catch((e) => setStatus({ error: true, text: message(e) }));
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
      setStatus({ error: true, text: message(e) });
    }
  };
  const remove = async (member: CommunityMember) => {
    if (!window.confirm(t('community.confirmRemoveMember', { name: member.name }))) return;
    try {
      await api(`${path(community.slug)}/members/${encodeURIComponent(member.id)}`, { method: 'DELETE' });
      setStatus({ error: false, text: t('community.memberRemoved', { name: member.name }) });
      onChange();
    } catch (e) {
      setStatus({ error: true, text: message(e) });
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

/** `/gemeenschappen/{slug}/discussies/{id}`: a discussion's posts, replies, edits and removals (members). */
export function ThreadPage({ slug, threadId }: { slug: string; threadId: string }) {
  const { t } = useI18n();
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
      .catch((e) => setError({ status: e instanceof ApiError ? e.status : 0, text: message(e) }));
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
      setStatus(message(e));
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
      setStatus(message(e));
    }
  };
  const remove = async (post: Post) => {
    if (!window.confirm(t('community.confirmRemovePost'))) return;
    try {
      await api(`${base}/posts/${encodeURIComponent(post.id)}`, { method: 'DELETE' });
      setStatus(t('community.postRemoved'));
      await load();
    } catch (e) {
      setStatus(message(e));
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

import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, ApiError, type Community, type CommunityItem } from '../../api.ts';
import { Layout } from '../../components/Layout.tsx';
import { ResourceCard } from '../../components/ResourceCard.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, SignInLink } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { Discussions, Members } from './Discussions.tsx';
import { CommunityFacts, path, useDate } from './shared.tsx';

/** `/gemeenschappen/{slug}`: about, join or leave, the shared collection, discussions and members. */
export function CommunityPage({ slug }: { slug: string }) {
  const { t, problem } = useI18n();
  const { session } = useSession();
  const [community, setCommunity] = useState<Community | null>(null);
  const [missing, setMissing] = useState(false);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const load = () =>
    api<Community>(path(slug))
      .then(setCommunity)
      .catch((e) => {
        if (e instanceof ApiError && e.status === 404) setMissing(true);
        else setStatus({ error: true, text: problem(e) });
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
      setStatus({ error: true, text: problem(e) });
    }
  };
  const leave = async () => {
    if (!session || !window.confirm(t('community.confirmLeave', { name: community.name }))) return;
    try {
      await api(`${path(slug)}/members/${encodeURIComponent(session.user.id)}`, { method: 'DELETE' });
      setStatus({ error: false, text: t('community.left', { name: community.name }) });
      await load();
    } catch (e) {
      setStatus({ error: true, text: problem(e) });
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
          {!session && <SignInLink>{t('community.signInToJoin')}</SignInLink>}
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
  const { t, problem } = useI18n();
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
      setError(problem(e));
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
  const { t, problem } = useI18n();
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
      setStatus(problem(e));
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

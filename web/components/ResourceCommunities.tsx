import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, type Community, type Resource } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';

/**
 * On a resource's page: the communities whose collections hold it, and for members of communities
 * a form to add it to one of theirs with a note why.
 */
export function ResourceCommunities({ resource }: { resource: Resource }) {
  const { t, problem } = useI18n();
  const { session } = useSession();
  const id = useId();
  const [holding, setHolding] = useState<Community[] | null>(null);
  const [mine, setMine] = useState<Community[]>([]);
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const load = () =>
    api<{ items: Community[] }>(`/api/v1/communities?resource=${encodeURIComponent(resource.id)}`)
      .then((r) => setHolding(r.items))
      .catch(() => setHolding([]));
  useEffect(() => {
    void load();
  }, [resource.id]);
  useEffect(() => {
    if (!session) {
      setMine([]);
      return;
    }
    void api<{ items: Community[] }>('/api/v1/communities?mine=true')
      .then((r) => setMine(r.items))
      .catch(() => setMine([]));
  }, [session]);
  const choices = mine.filter((c) => !holding?.some((h) => h.id === c.id));
  useEffect(() => {
    if (!choices.some((c) => c.slug === target)) setTarget(choices[0]?.slug ?? '');
  }, [choices.map((c) => c.slug).join()]);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const community = choices.find((c) => c.slug === target);
    if (!community) return;
    try {
      await api(`/api/v1/communities/${encodeURIComponent(community.slug)}/items`, {
        method: 'POST',
        body: JSON.stringify({ resourceId: resource.id, note }),
      });
      setNote('');
      setStatus({ error: false, text: t('community.addedTo', { name: community.name }) });
      await load();
    } catch (e) {
      setStatus({ error: true, text: problem(e) });
    }
  };

  if (holding === null) return null;
  const canAdd = resource.status === 'published' && choices.length > 0;
  if (holding.length === 0 && !canAdd && !status) return null;
  return (
    <section aria-labelledby={`${id}-title`} className="panel">
      <h2 id={`${id}-title`}>{t('community.inCommunities')}</h2>
      {holding.length === 0 ? (
        <p className="small">{t('community.inNone')}</p>
      ) : (
        <ul className="small">
          {holding.map((c) => (
            <li key={c.id}>
              <Link to={`/gemeenschappen/${c.slug}`}>{c.name}</Link>
            </li>
          ))}
        </ul>
      )}
      {canAdd && (
        <form onSubmit={(e) => void add(e)}>
          <p>
            <label htmlFor={`${id}-target`}>{t('community.addToCommunity')}</label>
            <br />
            <select id={`${id}-target`} value={target} onChange={(e) => setTarget(e.target.value)}>
              {choices.map((c) => (
                <option key={c.id} value={c.slug}>
                  {c.name}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label htmlFor={`${id}-note`}>{t('community.note')}</label>
            <br />
            <textarea
              id={`${id}-note`}
              className="wide"
              rows={2}
              maxLength={1000}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </p>
          <button type="submit">{t('community.add')}</button>
        </form>
      )}
      <p role="status" className={status?.error ? 'error' : ''}>
        {status?.text ?? ''}
      </p>
    </section>
  );
}

import { useEffect, useId, useState } from 'react';
import { api, type CurationSummary } from '../../api.ts';
import { Layout } from '../../components/Layout.tsx';
import { ProblemMessage } from '../../components/ProblemMessage.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, SignInLink, useRouter } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { CheckQueue, ReportQueue, ReviewQueue } from './OtherQueues.tsx';
import { SuggestionQueue } from './SuggestionQueue.tsx';

const QUEUES = [
  ['suggesties', 'suggestions'],
  ['controles', 'checks'],
  ['beoordelingen', 'reviews'],
  ['meldingen', 'reports'],
] as const;
type Queue = (typeof QUEUES)[number][1];

/**
 * The curation workspace (`/curatie`): a queue per kind of work, for curators over every
 * institution (or one they pick) and for an institution's editors over their own records.
 */
export function CurationPage() {
  const { t } = useI18n();
  const { session } = useSession();
  const { location, navigate } = useRouter();
  const params = new URLSearchParams(location.search);
  const queue: Queue = QUEUES.find(([slug]) => slug === params.get('wachtrij'))?.[1] ?? 'suggestions';
  const organisationId = params.get('instelling') ?? '';
  const [organisations, setOrganisations] = useState<{ id: string; name: string }[]>([]);
  const [summary, setSummary] = useState<CurationSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const orgField = useId();
  const curator = session?.user.role === 'curator' || session?.user.role === 'admin';
  const editorOf = session?.user.organisations.filter((o) => o.role === 'editor') ?? [];
  const mayCurate = curator || (session?.user.role === 'institution_editor' && editorOf.length > 0);
  const scope = organisationId ? `organisationId=${encodeURIComponent(organisationId)}` : '';

  const refresh = () =>
    api<CurationSummary>(`/api/v1/curation/summary${scope ? `?${scope}` : ''}`)
      .then(setSummary)
      .catch(setError);
  useEffect(() => {
    if (!mayCurate) return;
    void refresh();
  }, [mayCurate, scope]);
  useEffect(() => {
    if (!mayCurate) return;
    if (!curator) return setOrganisations(editorOf);
    void api<{ id: string; name: string }[]>('/api/v1/organisations').then(setOrganisations).catch(setError);
  }, [mayCurate, curator]);

  const go = (next: { wachtrij?: string; instelling?: string }) => {
    const p = new URLSearchParams({
      wachtrij: next.wachtrij ?? QUEUES.find(([, k]) => k === queue)![0],
      ...((next.instelling ?? organisationId) ? { instelling: next.instelling ?? organisationId } : {}),
    });
    navigate(`/curatie?${p.toString()}`);
  };

  if (!session)
    return (
      <Layout title={t('curation.title')}>
        <h1>{t('curation.title')}</h1>
        <p>
          <SignInLink>{t('curation.signIn')}</SignInLink>
        </p>
      </Layout>
    );
  if (!mayCurate)
    return (
      <Layout title={t('curation.title')}>
        <h1>{t('curation.title')}</h1>
        <p>{t('curation.noAccess')}</p>
      </Layout>
    );

  const props = { scope, onChange: () => void refresh() };
  return (
    <Layout title={t('curation.title')}>
      <h1>{t('curation.title')}</h1>
      <p>{t('curation.intro')}</p>
      <p>
        <Link to={`/kwaliteit/rapport${organisationId ? `?instelling=${encodeURIComponent(organisationId)}` : ''}`}>
          {t('curation.reportLink')}
        </Link>
      </p>
      {(curator || organisations.length > 1) && (
        <div className="field">
          <label htmlFor={orgField}>{t('curation.organisation')}</label>
          <select id={orgField} value={organisationId} onChange={(e) => go({ instelling: e.target.value })}>
            <option value="">{t('curation.allOrganisations')}</option>
            {organisations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <nav aria-label={t('curation.queues')}>
        <ul className="inline-list">
          {QUEUES.filter(([, kind]) => kind !== 'reviews' || curator).map(([slug, kind]) => (
            <li key={slug}>
              <Link
                to={`/curatie?wachtrij=${slug}${organisationId ? `&instelling=${encodeURIComponent(organisationId)}` : ''}`}
                aria-current={queue === kind ? 'page' : undefined}
              >
                {t(`curation.tab.${kind}`, { count: summary ? summary[kind] : '…' })}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <ProblemMessage error={error} />
      {queue === 'suggestions' && <SuggestionQueue key={scope} {...props} />}
      {queue === 'checks' && <CheckQueue key={scope} {...props} />}
      {queue === 'reviews' && curator && <ReviewQueue key={scope} {...props} />}
      {queue === 'reports' && <ReportQueue key={scope} {...props} />}
    </Layout>
  );
}

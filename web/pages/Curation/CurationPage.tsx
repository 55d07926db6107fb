import { useEffect, useState } from 'react';
import { api, type CurationSummary } from '../../api.ts';
import { Layout } from '../../components/Layout.tsx';
import { OrganisationPicker, useOverseen } from '../../components/OrganisationPicker.tsx';
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
  const { curator, allowed: mayCurate, organisations, error: listError } = useOverseen();
  const [summary, setSummary] = useState<CurationSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const scope = organisationId ? `organisationId=${encodeURIComponent(organisationId)}` : '';
  // Where the page is, for another institution (or all of them).
  const slug = QUEUES.find(([, kind]) => kind === queue)![0];
  const pick = (id: string) =>
    navigate(`/curatie?wachtrij=${slug}${id ? `&instelling=${encodeURIComponent(id)}` : ''}`);

  const refresh = () =>
    api<CurationSummary>(`/api/v1/curation/summary${scope ? `?${scope}` : ''}`)
      .then(setSummary)
      .catch(setError);
  useEffect(() => {
    if (!mayCurate) return;
    void refresh();
  }, [mayCurate, scope]);

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
      <OrganisationPicker organisations={organisations} value={organisationId} onChange={pick} />
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
      <ProblemMessage error={error ?? listError} />
      {queue === 'suggestions' && <SuggestionQueue key={scope} {...props} />}
      {queue === 'checks' && <CheckQueue key={scope} {...props} />}
      {queue === 'reviews' && curator && <ReviewQueue key={scope} {...props} />}
      {queue === 'reports' && <ReportQueue key={scope} {...props} />}
    </Layout>
  );
}

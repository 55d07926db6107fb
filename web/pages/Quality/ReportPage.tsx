import { useEffect, useId, useState } from 'react';
import { api, type QualityReport } from '../../api.ts';
import { Layout } from '../../components/Layout.tsx';
import { OrganisationPicker, useOverseen } from '../../components/OrganisationPicker.tsx';
import { ProblemMessage } from '../../components/ProblemMessage.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, SignInLink, useRouter } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { PAGE, Pager, useFieldName } from '../Curation/parts.tsx';

const PROBLEMS = ['licence', 'image', 'level', 'subject', 'description', 'brokenLink'] as const;

/**
 * An institution's data-quality report (`/kwaliteit/rapport`): per source what the checks found
 * missing or broken, the worst records first with a link to fix each in place, and a CSV download.
 */
export function ReportPage() {
  const { t } = useI18n();
  const fieldName = useFieldName();
  const { session } = useSession();
  const { location, navigate } = useRouter();
  const organisationId = new URLSearchParams(location.search).get('instelling') ?? '';
  const [report, setReport] = useState<QualityReport | null>(null);
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const ids = { sources: useId(), worst: useId() };
  const { allowed, organisations, error: listError } = useOverseen();
  const scope = organisationId ? `organisationId=${encodeURIComponent(organisationId)}` : '';

  useEffect(() => {
    if (!allowed) return;
    setReport(null);
    void api<QualityReport>(`/api/v1/quality/report?limit=${PAGE}&offset=${offset}${scope ? `&${scope}` : ''}`)
      .then(setReport)
      .catch(setError);
  }, [allowed, scope, offset]);

  const title = t('report.title');
  if (!session || !allowed)
    return (
      <Layout title={title}>
        <h1>{title}</h1>
        <p>{session ? t('report.noAccess') : <SignInLink>{t('report.signIn')}</SignInLink>}</p>
      </Layout>
    );
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      <p>{t('report.intro')}</p>
      <OrganisationPicker
        organisations={organisations}
        value={organisationId}
        onChange={(id) => {
          setOffset(0);
          navigate(id ? `/kwaliteit/rapport?instelling=${encodeURIComponent(id)}` : '/kwaliteit/rapport');
        }}
      />
      <ProblemMessage error={error ?? listError} />
      {!report ? (
        <p aria-live="polite">{t('curation.loading')}</p>
      ) : (
        <>
          <p>
            {t('report.summary', { problems: report.withProblems, records: report.records })}
            {report.unchecked > 0 && <> {t('report.unchecked', { count: report.unchecked })}</>}
          </p>
          <p>
            <a className="button secondary" href={`/api/v1/quality/report.csv${scope ? `?${scope}` : ''}`} download>
              {t('report.download')}
            </a>
          </p>
          <h2 id={ids.sources}>{t('report.perSource')}</h2>
          <div className="table-scroll" role="region" aria-labelledby={ids.sources} tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('report.source')}</th>
                  <th scope="col">{t('report.records')}</th>
                  {PROBLEMS.map((p) => (
                    <th scope="col" key={p}>
                      {t(`report.problem.${p}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.sources.map((s) => (
                  <tr key={s.id ?? ''}>
                    <th scope="row">{s.name ?? t('report.noSource')}</th>
                    <td>{s.records}</td>
                    {PROBLEMS.map((p) => (
                      <td key={p}>{s.problems[p]}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('report.total')}</th>
                  <td>{report.records}</td>
                  {PROBLEMS.map((p) => (
                    <td key={p}>{report.totals[p]}</td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </div>
          <h2 id={ids.worst}>{t('report.worst')}</h2>
          {report.worst.items.length === 0 ? (
            <p>{t('report.none')}</p>
          ) : (
            <>
              <ol className="plain-list" start={offset + 1}>
                {report.worst.items.map((r) => (
                  <li key={r.id} className="boxed queue-item">
                    <p>
                      <strong>{r.title}</strong>{' '}
                      {r.score !== null && (
                        <span className="small">{t('report.score', { percent: Math.round(r.score * 100) })}</span>
                      )}
                    </p>
                    {r.brokenLink && <p className="small">{t('report.problem.brokenLink')}</p>}
                    {r.missing.length > 0 && (
                      <p className="small">{t('curation.missing', { fields: r.missing.map(fieldName).join(', ') })}</p>
                    )}
                    <p>
                      <Link to={`/r/${encodeURIComponent(r.id)}#bewerken`}>{t('report.fix', { title: r.title })}</Link>
                    </p>
                  </li>
                ))}
              </ol>
              <Pager offset={offset} shown={report.worst.items.length} total={report.worst.total} onMove={setOffset} />
            </>
          )}
        </>
      )}
    </Layout>
  );
}

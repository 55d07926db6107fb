import { useEffect, useState } from 'react';
import { api, ApiError, type Resource } from '../api.ts';
import { Layout } from '../components/Layout.tsx';
import { AddToLesson } from '../components/AddToLesson.tsx';
import { LicenceBadge } from '../components/LicenceBadge.tsx';
import { ObjectiveSuggestions } from '../components/ObjectiveSuggestions.tsx';
import { BrokenLinkNotice } from '../components/BrokenLinkNotice.tsx';
import { ReportProblem } from '../components/ReportProblem.tsx';
import { EditRecord, useMayEdit } from '../components/EditRecord.tsx';
import { ResourceQuality } from '../components/ResourceQuality.tsx';
import { ResourceCommunities } from '../components/ResourceCommunities.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';

/** The public page of a resource: image, metadata, licence, attribution to copy, curriculum, provenance. */
export function ResourcePage({ id }: { id: string }) {
  const { t, lang, label } = useI18n();
  const [resource, setResource] = useState<Resource | null>(null);
  const [missing, setMissing] = useState(false);
  const [copied, setCopied] = useState(false);
  const [imageFailed, setImageFailed] = useState(false);
  const mayEdit = useMayEdit(resource);
  const load = () =>
    api<Resource>(`/api/v1/resources/${encodeURIComponent(id)}`)
      .then(setResource)
      .catch((e) => {
        if (e instanceof ApiError && e.status === 404) setMissing(true);
      });
  useEffect(() => {
    setResource(null);
    setMissing(false);
    void load();
  }, [id]);

  if (missing)
    return (
      <Layout title={t('resource.notFound')}>
        <h1>{t('resource.notFound')}</h1>
        <p>
          <Link to="/zoeken">{t('nav.search')}</Link>
        </p>
      </Layout>
    );
  if (!resource)
    return (
      <Layout title={t('resource.loading')}>
        <p aria-live="polite">{t('resource.loading')}</p>
      </Layout>
    );

  const attribution = resource.attribution[lang];
  const warningText = (w: { code: string; message: string }) => {
    const known = ['LG_W_NO_LICENCE', 'LG_W_UNKNOWN_LICENCE', 'LG_W_NO_DESCRIPTION'];
    if (known.includes(w.code)) return t(`warning.${w.code}` as 'warning.LG_W_NO_LICENCE');
    if (w.code === 'LG_W_UNMAPPED') return t('warning.LG_W_UNMAPPED', { value: w.message.replace(/^Unmapped /, '') });
    return w.message;
  };
  const copy = async () => {
    await navigator.clipboard?.writeText(attribution.text).catch(() => undefined);
    setCopied(true);
    window.setTimeout(() => setCopied(false), 3000);
  };
  const rows: [string, React.ReactNode][] = [];
  if (resource.creators.length)
    rows.push([
      t('resource.creators'),
      resource.creators
        .map((c) =>
          c.uri ? (
            <a key={c.name} href={c.uri}>
              {c.name}
            </a>
          ) : (
            c.name
          ),
        )
        .reduce<React.ReactNode[]>((acc, el, i) => (i ? [...acc, ', ', el] : [el]), []),
    ]);
  if (resource.institution)
    rows.push([
      t('resource.institution'),
      <Link to={`/zoeken?institution=${resource.institution.id}`}>{resource.institution.name}</Link>,
    ]);
  if (resource.dates.period.text || resource.dates.created)
    rows.push([t('resource.date'), resource.dates.period.text ?? resource.dates.created]);
  if (resource.language) rows.push([t('resource.language'), resource.language]);
  if (resource.levels.length)
    rows.push([t('resource.levels'), resource.levels.map((l) => label(l.label, l.labelEn)).join(', ')]);
  if (resource.subjects.length)
    rows.push([t('resource.subjects'), resource.subjects.map((s) => label(s.label, s.labelEn)).join(', ')]);
  if (resource.resourceTypes.length)
    rows.push([t('resource.types'), resource.resourceTypes.map((s) => label(s.label, s.labelEn)).join(', ')]);
  if (resource.formats.length) rows.push([t('resource.formats'), resource.formats.join(', ')]);
  if (resource.keywords.length) rows.push([t('resource.keywords'), resource.keywords.join(', ')]);

  return (
    <Layout title={resource.title}>
      <article className="resource">
        <p className="card-kind">{t(`kind.${resource.kind}`)}</p>
        <h1>{resource.title}</h1>
        {resource.status === 'withdrawn' && (
          <p role="alert" className="error">
            {t('resource.withdrawn')}: {resource.withdrawnReason}
          </p>
        )}
        <div className="resource-layout">
          <div className="resource-main">
            <figure className="resource-image">
              {resource.thumbnail && !imageFailed ? (
                <img
                  src={resource.thumbnail}
                  alt={resource.title}
                  referrerPolicy="no-referrer"
                  onError={() => setImageFailed(true)}
                />
              ) : (
                <div className="no-image large">{t('resource.noImage')}</div>
              )}
            </figure>
            {resource.description && <p className="description">{resource.description}</p>}
            {resource.url && resource.status === 'published' && <BrokenLinkNotice resourceId={resource.id} />}
            <div className="actions">
              {resource.url && (
                <a className="button" href={resource.url}>
                  {t('resource.open')}
                </a>
              )}
              {resource.status === 'published' && resource.kind !== 'lesson' && <AddToLesson resource={resource} />}
              {resource.kind === 'lesson' && (
                <Link className="button" to={`/les/${resource.id}`}>
                  {t('lesson.open')}
                </Link>
              )}
            </div>
            <h2>{t('resource.metadata')}</h2>
            <dl className="meta">
              {rows.map(([term, value]) => (
                <div key={term}>
                  <dt>{term}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
            {resource.objectives.length > 0 && (
              <section aria-labelledby="objectives">
                <h2 id="objectives">{t('resource.objectives')}</h2>
                <ul className="objectives">
                  {resource.objectives.map((o) => (
                    <li key={o.id}>
                      <Link to={`/zoeken?objective=${encodeURIComponent(o.id)}`}>
                        <strong>{o.label}</strong>
                      </Link>
                      {o.text && o.text !== o.label ? <> — {o.text}</> : null}
                      {o.alignment === 'confirmed' && <span className="small"> ({t('objectives.confirmed')})</span>}
                    </li>
                  ))}
                </ul>
              </section>
            )}
            {resource.status === 'published' && (
              <ObjectiveSuggestions resource={resource} onChange={() => void load()} />
            )}
            {resource.status === 'published' && <ResourceQuality resource={resource} />}
            {resource.status === 'published' && <ReportProblem resourceId={resource.id} />}
            {mayEdit && resource.kind !== 'lesson' && <EditRecord resource={resource} onSaved={() => void load()} />}
          </div>
          <aside className="resource-side">
            <section aria-labelledby="licence-title" className="panel">
              <h2 id="licence-title">
                {resource.licence.kind === 'rights-statement' ? t('resource.rights') : t('resource.licence')}
              </h2>
              <p>
                <LicenceBadge licence={resource.licence} />
              </p>
              {resource.licence.status === 'ok' && resource.licence.label && (
                <p className="small">{label(resource.licence.label, resource.licence.labelEn)}</p>
              )}
              {resource.metadataLicence && (
                <p className="small">
                  {t('resource.metadataLicence')}:{' '}
                  <a href={resource.metadataLicence.uri ?? undefined}>{resource.metadataLicence.notation}</a>
                </p>
              )}
              {resource.requiredStatement && (
                <p className="small">
                  <strong>{t('resource.requiredStatement')}:</strong> {resource.requiredStatement}
                </p>
              )}
            </section>
            <section aria-labelledby="attribution-title" className="panel">
              <h2 id="attribution-title">{t('resource.attribution')}</h2>
              <p className="small">{t('resource.attributionHelp')}</p>
              <p className="attribution" dangerouslySetInnerHTML={{ __html: attribution.html }} />
              <button type="button" onClick={() => void copy()}>
                {t('resource.copy')}
              </button>
              <span role="status" className="copied">
                {copied ? t('resource.copied') : ''}
              </span>
            </section>
            <ResourceCommunities resource={resource} />
            <section aria-labelledby="provenance-title" className="panel">
              <h2 id="provenance-title">{t('resource.provenance')}</h2>
              {resource.provenance.source ? (
                <dl className="meta compact">
                  <div>
                    <dt>{t('resource.source')}</dt>
                    <dd>{resource.provenance.source.name}</dd>
                  </div>
                  {resource.provenance.originalId && (
                    <div>
                      <dt>{t('resource.originalId')}</dt>
                      <dd className="break">{resource.provenance.originalId}</dd>
                    </div>
                  )}
                  {resource.provenance.importRunId && (
                    <div>
                      <dt>{t('resource.importedIn')}</dt>
                      <dd className="break">{resource.provenance.importRunId}</dd>
                    </div>
                  )}
                </dl>
              ) : (
                <p className="small">{t('resource.createdHere')}</p>
              )}
              {resource.provenance.hasRawRecord && (
                <p className="small">
                  <a href={`/api/v1/resources/${resource.id}/raw`}>
                    {t('resource.rawRecord')} ({resource.provenance.rawFormat})
                  </a>
                </p>
              )}
            </section>
            {resource.warnings.length > 0 && (
              <section aria-labelledby="warnings-title" className="panel">
                <h2 id="warnings-title">{t('resource.warnings')}</h2>
                <ul className="small">
                  {resource.warnings.map((w) => (
                    <li key={w.message}>{warningText(w)}</li>
                  ))}
                </ul>
              </section>
            )}
          </aside>
        </div>
      </article>
    </Layout>
  );
}

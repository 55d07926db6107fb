import { useState } from 'react';
import type { Resource, Segment } from '../api.ts';
import { api } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';
import { AddToLesson } from './AddToLesson.tsx';
import { LicenceBadge } from './LicenceBadge.tsx';

/** Text with the words that matched the query marked. */
export function Marked({ segments }: { segments: Segment[] }) {
  return <>{segments.map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}</>;
}

/** One search result: image, title (the link), kind, makers, institution, licence, and where it matched. */
export function ResourceCard({ resource, query }: { resource: Resource; query?: string }) {
  const { t } = useI18n();
  const [imageFailed, setImageFailed] = useState(false);
  const makers = resource.creators
    .map((c) => c.name)
    .filter((n) => !/^(anoniem|anonymous)$/i.test(n))
    .slice(0, 3);
  const opened = () => {
    void api('/api/v1/events', {
      method: 'POST',
      body: JSON.stringify({ type: 'result_opened', resourceId: resource.id, query: query || undefined }),
    }).catch(() => undefined);
  };
  return (
    <article className="card">
      <div className="card-image" aria-hidden="true">
        {resource.thumbnail && !imageFailed ? (
          <img
            src={resource.thumbnail}
            alt=""
            loading="lazy"
            referrerPolicy="no-referrer"
            onError={() => setImageFailed(true)}
          />
        ) : (
          <span className="no-image">{t(`kind.${resource.kind}`)}</span>
        )}
      </div>
      <div className="card-body">
        <p className="card-kind">
          {t(`kind.${resource.kind}`)}
          {resource.dates.period.text ? ` · ${resource.dates.period.text}` : ''}
        </p>
        <h3 className="card-title">
          <Link to={`/r/${resource.id}`} onClick={opened}>
            {resource.match ? <Marked segments={resource.match.title} /> : resource.title}
          </Link>
        </h3>
        {resource.match?.snippet && (
          <p className="card-snippet">
            <Marked segments={resource.match.snippet} />
          </p>
        )}
        {makers.length > 0 && <p className="card-meta">{t('resource.by', { names: makers.join(', ') })}</p>}
        {resource.institution && <p className="card-meta">{resource.institution.name}</p>}
        <LicenceBadge licence={resource.licence} compact />
        {resource.kind !== 'lesson' && <AddToLesson resource={resource} compact />}
      </div>
    </article>
  );
}

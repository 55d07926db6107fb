import { useEffect, useState } from 'react';
import { api, type Community, type Facet, type Resource, type ResourceList } from '../api.ts';
import { Layout } from '../components/Layout.tsx';
import { ResourceCard } from '../components/ResourceCard.tsx';
import { SearchBox } from '../components/SearchBox.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, useRouter } from '../router.tsx';

/** Home: the search box, entry points by level and by subject, heritage highlights, and communities. */
export function Home() {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const [facets, setFacets] = useState<Facet[]>([]);
  const [highlights, setHighlights] = useState<Resource[]>([]);
  const [communities, setCommunities] = useState<Community[]>([]);
  useEffect(() => {
    api<ResourceList>('/api/v1/resources?limit=1')
      .then((r) => setFacets(r.facets))
      .catch(() => undefined);
    api<ResourceList>('/api/v1/resources?kind=heritage&image=yes&sort=newest&limit=6&facets=false')
      .then((r) => setHighlights(r.items))
      .catch(() => undefined);
    api<{ items: Community[] }>('/api/v1/communities')
      .then((r) => setCommunities([...r.items].sort((a, b) => b.counts.members - a.counts.members).slice(0, 4)))
      .catch(() => undefined);
  }, []);
  const facet = (name: string) => facets.find((f) => f.name === name)?.values ?? [];
  return (
    <Layout title={t('nav.home')}>
      <section className="hero">
        <h1>{t('home.title')}</h1>
        <p className="lead">{t('home.intro')}</p>
        <SearchBox large onSearch={(q) => navigate(`/zoeken${q ? `?q=${encodeURIComponent(q)}` : ''}`)} />
        <p className="quick-links">
          <Link to="/zoeken?kind=heritage">{t('home.allHeritage')}</Link> ·{' '}
          <Link to="/zoeken?kind=material">{t('home.allMaterial')}</Link>
        </p>
      </section>
      <div className="entry-grid">
        <section aria-labelledby="by-level">
          <h2 id="by-level">{t('home.byLevel')}</h2>
          <FacetChips name="level" values={facet('level')} />
        </section>
        <section aria-labelledby="by-subject">
          <h2 id="by-subject">{t('home.bySubject')}</h2>
          <FacetChips name="subject" values={facet('subject')} />
        </section>
      </div>
      <section aria-labelledby="highlights">
        <h2 id="highlights">{t('home.highlights')}</h2>
        <div className="card-grid">
          {highlights.map((r) => (
            <ResourceCard key={r.id} resource={r} />
          ))}
        </div>
      </section>
      {communities.length > 0 && (
        <section aria-labelledby="communities">
          <h2 id="communities">{t('home.communities')}</h2>
          <p>{t('home.communitiesIntro')}</p>
          <ul className="chips">
            {communities.map((c) => (
              <li key={c.id}>
                <Link to={`/gemeenschappen/${c.slug}`}>
                  {c.name} <span className="count">({t('home.communityItems', { n: c.counts.items })})</span>
                </Link>
              </li>
            ))}
          </ul>
          <p>
            <Link to="/gemeenschappen">{t('home.allCommunities')}</Link>
          </p>
        </section>
      )}
    </Layout>
  );
}

/** Links to the search page filtered on one value of a facet, with its count. */
function FacetChips({ name, values }: { name: string; values: Facet['values'] }) {
  const { label } = useI18n();
  return (
    <ul className="chips">
      {values.slice(0, 12).map((v) => (
        <li key={v.id}>
          <Link to={`/zoeken?${name}=${encodeURIComponent(v.id)}`}>
            {label(v.label, v.labelEn)} <span className="count">({v.count})</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

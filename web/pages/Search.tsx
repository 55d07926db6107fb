import { useEffect, useId, useMemo, useState } from 'react';
import { api, type Facet, type Resource, type ResourceList } from '../api.ts';
import { Layout } from '../components/Layout.tsx';
import { ResourceCard } from '../components/ResourceCard.tsx';
import { SearchBox } from '../components/SearchBox.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useRouter } from '../router.tsx';

const FILTERS = ['kind', 'level', 'subject', 'reusability', 'licence', 'institution'] as const;
type FilterName = (typeof FILTERS)[number];

/** Results with filters; the query, filters and sort live in the URL. */
export function Search() {
  const { t, label } = useI18n();
  const { location, navigate } = useRouter();
  const params = useMemo(() => new URLSearchParams(location.search), [location.search]);
  const q = params.get('q') ?? '';
  const sort = params.get('sort') ?? '';
  const [result, setResult] = useState<ResourceList | null>(null);
  const [items, setItems] = useState<Resource[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sortId = useId();

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    setError(null);
    const query = new URLSearchParams(params);
    query.delete('lang');
    query.set('limit', '24');
    api<ResourceList>(`/api/v1/resources?${query}`).then((r) => {
      if (cancelled) return;
      setResult(r);
      setItems(r.items);
    }).catch(() => !cancelled && setError(t('error.generic'))).finally(() => !cancelled && setLoading(false));
    return () => { cancelled = true; };
  }, [params]);

  const update = (change: (p: URLSearchParams) => void) => {
    const next = new URLSearchParams(params);
    change(next);
    navigate(`/zoeken${next.toString() ? `?${next}` : ''}`, { replace: false });
  };
  const toggle = (name: FilterName, value: string, on: boolean) => update((p) => {
    const values = p.getAll(name).filter((v) => v !== value);
    p.delete(name);
    for (const v of on ? [...values, value] : values) p.append(name, v);
  });
  const more = async () => {
    if (!result?.nextCursor) return;
    const query = new URLSearchParams(params);
    query.set('cursor', result.nextCursor);
    query.set('limit', '24');
    query.set('facets', 'false');
    const page = await api<ResourceList>(`/api/v1/resources?${query}`);
    setItems((current) => [...current, ...page.items]);
    setResult((current) => (current ? { ...current, nextCursor: page.nextCursor } : current));
  };
  const active = FILTERS.some((f) => params.getAll(f).length > 0);
  const facet = (name: string): Facet | undefined => result?.facets.find((f) => f.name === name);

  return (
    <Layout title={q ? `${q} – ${t('nav.search')}` : t('nav.search')}>
      <h1 className="visually-hidden">{t('nav.search')}</h1>
      <SearchBox key={q} initial={q} onSearch={(value) => update((p) => { if (value) p.set('q', value); else p.delete('q'); p.delete('sort'); })} />
      <div className="search-layout">
        <aside aria-labelledby="filters-title" className="filters">
          <h2 id="filters-title">{t('search.filters')}</h2>
          {active && <button type="button" className="link-button" onClick={() => update((p) => FILTERS.forEach((f) => p.delete(f)))}>{t('search.clear')}</button>}
          {FILTERS.map((name) => {
            const values = facet(name)?.values ?? [];
            const selected = params.getAll(name);
            const shown = [...values.filter((v) => selected.includes(v.id)), ...values.filter((v) => !selected.includes(v.id))].slice(0, 12);
            if (shown.length === 0) return null;
            return (
              <fieldset key={name}>
                <legend>{t(`facet.${name}` as 'facet.kind')}</legend>
                {shown.map((v) => {
                  const id = `f-${name}-${v.id}`;
                  return (
                    <div className="check" key={v.id}>
                      <input type="checkbox" id={id} checked={selected.includes(v.id)} onChange={(e) => toggle(name, v.id, e.target.checked)} />
                      <label htmlFor={id}>{label(v.label, v.labelEn)} <span className="count">({v.count})</span></label>
                    </div>
                  );
                })}
              </fieldset>
            );
          })}
        </aside>
        <section aria-labelledby="results-title" className="results">
          <div className="results-head">
            <h2 id="results-title" aria-live="polite">
              {loading && !result ? t('search.loading') : q ? t('search.resultsFor', { count: result?.total ?? 0, q }) : t('search.results', { count: result?.total ?? 0 })}
            </h2>
            <div className="sort">
              <label htmlFor={sortId}>{t('search.sort')}</label>
              <select id={sortId} value={sort} onChange={(e) => update((p) => { if (e.target.value) p.set('sort', e.target.value); else p.delete('sort'); })}>
                <option value="">{q ? t('search.sort.relevance') : t('search.sort.title')}</option>
                {q && <option value="title">{t('search.sort.title')}</option>}
                <option value="newest">{t('search.sort.newest')}</option>
              </select>
            </div>
          </div>
          {error && <p role="alert" className="error">{error}</p>}
          {result && result.total === 0 && <p>{t('search.none')}</p>}
          <div className="card-grid">{items.map((r) => <ResourceCard key={r.id} resource={r} query={q} />)}</div>
          {result?.nextCursor && <p><button type="button" onClick={() => void more()}>{t('search.more')}</button></p>}
        </section>
      </div>
    </Layout>
  );
}

import { useEffect, useId, useMemo, useState } from 'react';
import { api, type Facet, type FacetValue, type Resource, type ResourceList } from '../api.ts';
import { Layout } from '../components/Layout.tsx';
import { ResourceCard } from '../components/ResourceCard.tsx';
import { SearchBox } from '../components/SearchBox.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, useRouter } from '../router.tsx';

const FILTERS = [
  'kind',
  'level',
  'subject',
  'objective',
  'type',
  'period',
  'reusability',
  'licence',
  'institution',
  'language',
  'image',
] as const;
type FilterName = (typeof FILTERS)[number];
const PAGE = 24;
const SHOWN = 8;

/** A facet value with the values under it, for hierarchical facets (levels, kerndoelen). */
interface TreeValue {
  value: FacetValue;
  children: TreeValue[];
}

function tree(values: FacetValue[]): TreeValue[] {
  const nodes = new Map(values.map((v) => [v.id, { value: v, children: [] as TreeValue[] }]));
  const roots: TreeValue[] = [];
  for (const node of nodes.values()) {
    const parent = node.value.parent ? nodes.get(node.value.parent) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/**
 * Results with facets. The query, filters, sort and page live in the URL, so every view can be
 * shared; facets are checkboxes (several values of one facet widen, facets narrow each other).
 */
export function Search() {
  const { t, label } = useI18n();
  const { location, navigate } = useRouter();
  const params = useMemo(() => new URLSearchParams(location.search), [location.search]);
  const q = params.get('q') ?? '';
  const sort = params.get('sort') ?? '';
  const pages = Math.min(Math.max(Number(params.get('pages') ?? '1') || 1, 1), 20);
  const [result, setResult] = useState<ResourceList | null>(null);
  const [items, setItems] = useState<Resource[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  // Every value of the facets, read once a facet is expanded (a search lists each facet's first values only).
  const [allValues, setAllValues] = useState<Facet[] | null>(null);
  const sortId = useId();

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    setError(null);
    const query = new URLSearchParams(params);
    query.delete('lang');
    query.delete('pages');
    query.set('limit', String(Math.min(PAGE * pages, 100)));
    // A facet someone expanded keeps every value; otherwise each facet's first values will do.
    const full = expanded.size > 0;
    if (!full) query.set('facetValues', String(SHOWN));
    api<ResourceList>(`/api/v1/resources?${query}`)
      .then((r) => {
        if (cancelled) return;
        setResult(r);
        setItems(r.items);
        setAllValues(full ? r.facets : null);
      })
      .catch(() => !cancelled && setError(t('error.generic')))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [params]);

  const update = (change: (p: URLSearchParams) => void, options: { replace?: boolean } = {}) => {
    const next = new URLSearchParams(params);
    next.delete('pages');
    change(next);
    navigate(`/zoeken${next.toString() ? `?${next}` : ''}`, options);
  };
  const toggle = (name: FilterName, value: string, on: boolean) =>
    update((p) => {
      const values = p.getAll(name).filter((v) => v !== value);
      p.delete(name);
      for (const v of on ? [...values, value] : values) p.append(name, v);
    });
  const more = async () => {
    if (!result?.nextCursor) return;
    const query = new URLSearchParams(params);
    query.delete('pages');
    query.set('cursor', result.nextCursor);
    query.set('limit', String(PAGE));
    query.set('facets', 'false');
    const page = await api<ResourceList>(`/api/v1/resources?${query}`);
    setItems((current) => [...current, ...page.items]);
    setResult((current) => (current ? { ...current, nextCursor: page.nextCursor } : current));
    // The number of pages shown is part of the URL too, so a shared link shows as much.
    const next = new URLSearchParams(params);
    next.set('pages', String(pages + 1));
    window.history.replaceState(null, '', `/zoeken?${next}`);
  };
  const facet = (name: string): Facet | undefined => result?.facets.find((f) => f.name === name);
  const expand = (name: string, all: boolean) => {
    setExpanded((e) => {
      const n = new Set(e);
      if (all) n.delete(name);
      else n.add(name);
      return n;
    });
    if (all || allValues) return;
    const query = new URLSearchParams(params);
    query.delete('lang');
    query.delete('pages');
    query.set('limit', '0');
    api<ResourceList>(`/api/v1/resources?${query}`)
      .then((r) => setAllValues(r.facets))
      .catch(() => setError(t('error.generic')));
  };
  const chips = FILTERS.flatMap((name) =>
    params.getAll(name).map((value) => {
      const found = facet(name)?.values.find((v) => v.id === value);
      return { name, value, text: found ? label(found.label, found.labelEn) : value };
    }),
  );
  const help = result?.query;

  const renderValues = (name: FilterName, nodes: TreeValue[], depth: number, approximate = false) => (
    <ul className={depth ? 'facet-values nested' : 'facet-values'}>
      {nodes.map(({ value: v, children }) => {
        const id = `f-${name}-${v.id}`;
        return (
          <li key={v.id}>
            <div className="check">
              <input
                type="checkbox"
                id={id}
                checked={params.getAll(name).includes(v.id)}
                onChange={(e) => toggle(name, v.id, e.target.checked)}
              />
              <label htmlFor={id}>
                {label(v.label, v.labelEn)}{' '}
                <span className="count">
                  ({approximate ? <abbr title={t('search.approximate')}>≈{v.count}</abbr> : v.count})
                </span>
              </label>
            </div>
            {children.length > 0 && renderValues(name, children, depth + 1, approximate)}
          </li>
        );
      })}
    </ul>
  );

  return (
    <Layout title={q ? `${q} – ${t('nav.search')}` : t('nav.search')}>
      <h1 className="visually-hidden">{t('nav.search')}</h1>
      <SearchBox
        key={q}
        initial={q}
        onSearch={(value) =>
          update((p) => {
            if (value) p.set('q', value);
            else p.delete('q');
            p.delete('sort');
          })
        }
      />
      {chips.length > 0 && (
        <div className="chips" role="group" aria-label={t('search.active')}>
          {chips.map((c) => (
            <button
              type="button"
              className="chip"
              key={`${c.name}-${c.value}`}
              onClick={() => toggle(c.name, c.value, false)}
              aria-label={t('search.removeFilter', { filter: t(`facet.${c.name}` as 'facet.kind'), value: c.text })}
            >
              <span className="chip-facet">{t(`facet.${c.name}` as 'facet.kind')}:</span> {c.text}{' '}
              <span aria-hidden="true">×</span>
            </button>
          ))}
          <button
            type="button"
            className="link-button"
            onClick={() => update((p) => FILTERS.forEach((f) => p.delete(f)))}
          >
            {t('search.clear')}
          </button>
        </div>
      )}
      <div className="search-layout">
        <aside aria-labelledby="filters-title" className="filters">
          <h2 id="filters-title">{t('search.filters')}</h2>
          {FILTERS.map((name) => {
            const listed = facet(name)?.values ?? [];
            if (listed.length === 0) return null;
            const valueCount = facet(name)?.valueCount ?? listed.length;
            const hierarchical = name === 'objective' || name === 'level';
            const all = expanded.has(name);
            const values = all ? (allValues?.find((f) => f.name === name)?.values ?? listed) : listed;
            const chosen = params.getAll(name);
            const limited = all
              ? values
              : [...values.filter((v) => chosen.includes(v.id)), ...values.filter((v) => !chosen.includes(v.id))].slice(
                  0,
                  SHOWN,
                );
            const nodes = hierarchical ? tree(limited) : limited.map((value) => ({ value, children: [] }));
            return (
              <fieldset key={name}>
                <legend>{t(`facet.${name}` as 'facet.kind')}</legend>
                {renderValues(name, nodes, 0, facet(name)?.approximate)}
                {valueCount > SHOWN && (
                  <button type="button" className="link-button" aria-expanded={all} onClick={() => expand(name, all)}>
                    {all ? t('search.fewer') : t('search.showAll', { count: valueCount })}
                  </button>
                )}
              </fieldset>
            );
          })}
        </aside>
        <section aria-labelledby="results-title" className="results">
          <div className="results-head">
            <h2 id="results-title" aria-live="polite">
              {loading && !result
                ? t('search.loading')
                : q
                  ? t('search.resultsFor', { count: result?.total ?? 0, q: help?.correctedQuery ?? q })
                  : t('search.results', { count: result?.total ?? 0 })}
            </h2>
            <div className="sort">
              <label htmlFor={sortId}>{t('search.sort')}</label>
              <select
                id={sortId}
                value={sort}
                onChange={(e) =>
                  update((p) => {
                    if (e.target.value) p.set('sort', e.target.value);
                    else p.delete('sort');
                  })
                }
              >
                <option value="">{q ? t('search.sort.relevance') : t('search.sort.title')}</option>
                {q && <option value="title">{t('search.sort.title')}</option>}
                <option value="newest">{t('search.sort.newest')}</option>
              </select>
            </div>
          </div>
          {help?.correctedQuery && <p className="notice">{t('search.corrected', { q: help.correctedQuery })}</p>}
          {help?.relaxed && <p className="notice">{t('search.relaxed')}</p>}
          {help?.didYouMean && (
            <p className="notice">
              {t('search.didYouMean')}{' '}
              <Link to={`/zoeken?${new URLSearchParams({ ...Object.fromEntries(params), q: help.didYouMean })}`}>
                {help.didYouMean}
              </Link>
              ?
            </p>
          )}
          {help && (help.synonyms.length > 0 || help.compounds.length > 0 || help.expansions.length > 0) && (
            <p className="hint">
              {[
                ...help.synonyms.map((s) =>
                  t('search.synonyms', { words: s.words, alternatives: s.alternatives.slice(0, 4).join(', ') }),
                ),
                ...help.compounds.map((c) => t('search.compound', { word: c.word, parts: c.parts.join(' + ') })),
                ...help.expansions.map((e) =>
                  t('search.expansion', { word: e.word, words: e.words.slice(0, 4).join(', ') }),
                ),
              ].join(' ')}
            </p>
          )}
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          {result && result.total === 0 && (
            <div className="empty">
              <p>{t('search.none')}</p>
              {help && help.broader.length > 0 && (
                <>
                  <p>{t('search.broader')}</p>
                  <ul>
                    {help.broader.map((b) => (
                      <li key={`${b.type}-${b.filter ?? ''}-${b.value ?? b.word}`}>
                        {b.type === 'remove-filter' ? (
                          <button
                            type="button"
                            className="link-button"
                            onClick={() => toggle(b.filter as FilterName, b.value!, false)}
                          >
                            {t('search.withoutFilter', {
                              value: label(b.label ?? '', b.labelEn ?? null),
                              count: b.count,
                            })}
                          </button>
                        ) : (
                          <Link
                            to={`/zoeken?${new URLSearchParams({ ...Object.fromEntries(params), q: b.query ?? '' })}`}
                          >
                            {t('search.withoutWord', { word: b.word ?? '', count: b.count })}
                          </Link>
                        )}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </div>
          )}
          <div className="card-grid">
            {items.map((r) => (
              <ResourceCard key={r.id} resource={r} query={q} />
            ))}
          </div>
          {result?.nextCursor && (
            <p>
              <button type="button" onClick={() => void more()}>
                {t('search.more')}
              </button>
            </p>
          )}
        </section>
      </div>
    </Layout>
  );
}

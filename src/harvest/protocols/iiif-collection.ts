/** A manifest found while walking a IIIF collection. */
export interface ManifestRef {
  id: string;
  label: string | null;
}

type Json = Record<string, any>;

const typeOf = (item: Json) => String(item.type ?? item['@type'] ?? '');
const idOf = (item: Json) => String(item.id ?? item['@id'] ?? '');

/**
 * Walks a IIIF Presentation collection (3, or 2 with `manifests`/`collections`/`members` and paging
 * through `first`/`next`) to its manifests, depth-first, each collection and manifest once.
 */
export async function* walkCollection(
  url: string,
  fetchJson: (url: string) => Promise<Json>,
  limits = { maxDepth: 8, maxCollections: 10_000 },
): AsyncGenerator<ManifestRef> {
  const seenCollections = new Set<string>();
  const seenManifests = new Set<string>();
  async function* walk(collectionUrl: string, depth: number): AsyncGenerator<ManifestRef> {
    if (depth > limits.maxDepth || seenCollections.has(collectionUrl)) return;
    if (seenCollections.size >= limits.maxCollections)
      throw new Error(`More than ${limits.maxCollections} collections: stopped.`);
    seenCollections.add(collectionUrl);
    let page: Json | null = await fetchJson(collectionUrl);
    if (!/Collection/.test(typeOf(page)) && !page.manifests && !page.items && !page.members)
      throw new Error(`${collectionUrl} is not a IIIF collection (type ${typeOf(page) || 'none'}).`);
    // Presentation 2.1 paged collections: the top lists `first`, each page `next`.
    if (page.first && !page.manifests && !page.members && !page.items)
      page = await fetchJson(typeof page.first === 'string' ? page.first : idOf(page.first));
    while (page) {
      const items: Json[] = [
        ...(page.items ?? []),
        ...(page.members ?? []),
        ...(page.manifests ?? []).map((m: Json) => ({ ...m, '@type': 'sc:Manifest' })),
        ...(page.collections ?? []).map((c: Json) => ({ ...c, '@type': 'sc:Collection' })),
      ];
      for (const item of items) {
        const id = idOf(item);
        if (!id) continue;
        if (/Collection/.test(typeOf(item))) yield* walk(id, depth + 1);
        else if (/Manifest/.test(typeOf(item)) && !seenManifests.has(id)) {
          seenManifests.add(id);
          const label = item.label;
          yield {
            id,
            label:
              typeof label === 'string'
                ? label
                : label
                  ? String(Object.values(label as Record<string, string[]>)[0]?.[0] ?? '') || null
                  : null,
          };
        }
      }
      const next: string | null = page.next ? (typeof page.next === 'string' ? page.next : idOf(page.next)) : null;
      page = next && !seenCollections.has(next) ? (seenCollections.add(next), await fetchJson(next)) : null;
    }
  }
  yield* walk(url, 0);
}

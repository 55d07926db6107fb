import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { escapeHtml as x } from '../kernel/html.ts';
import type { App } from '../kernel/http.ts';
import type { Database } from '../db/schema.ts';
import type { Store } from '../db/store.ts';
import { publishRepository } from './repository.ts';

/** URLs per sitemap file: the protocol's maximum. */
export const SITEMAP_SIZE = 50_000;

const PAGES = ['/', '/zoeken', '/leerdoelen', '/gemeenschappen'];

/**
 * `/sitemap.xml` is a sitemap index: one file of the site's own pages, then one file per 50,000
 * published resources in id order (`/sitemaps/resources-{n}.xml`). Ids are time-ordered (UUIDv7), so
 * new resources land in the last file and the earlier files stay as they were.
 */
/** The services these routes use. */
export interface SitemapRoutesDeps {
  store: Pick<Store, 'db'>;
  config: { publicUrl: string };
}

export async function sitemapRoutes(app: App, ctx: SitemapRoutesDeps, size = SITEMAP_SIZE): Promise<void> {
  const db: Kysely<Database> = ctx.store.db;
  const base = ctx.config.publicUrl;

  app.get('/sitemap.xml', { schema: { hide: true } }, async (_request, reply) => {
    const count = await publishRepository.countPublished(db);
    const files = [
      '/sitemaps/pages.xml',
      ...Array.from({ length: Math.ceil(count / size) }, (_, n) => `/sitemaps/resources-${n}.xml`),
    ];
    return reply
      .type('application/xml; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(
        `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${files.map((f) => `<sitemap><loc>${x(base + f)}</loc></sitemap>`).join('\n')}\n</sitemapindex>\n`,
      );
  });

  // The site's own pages and every community's page (communities are few: thousands at most).
  const pages = async () => [
    ...PAGES,
    ...(await publishRepository.communitySlugs(db)).map((slug) => `/gemeenschappen/${encodeURIComponent(slug)}`),
  ];
  app.get('/sitemaps/pages.xml', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('application/xml; charset=utf-8')
      .send(
        `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${(await pages()).map((p) => `<url><loc>${x(base + p)}</loc></url>`).join('\n')}\n</urlset>\n`,
      ),
  );

  app.get(
    '/sitemaps/resources-:n.xml',
    { schema: { hide: true, params: Type.Object({ n: Type.Integer({ minimum: 0, maximum: 100_000 }) }) } },
    async (request, reply) => {
      const first = await publishRepository.publishedIdAt(db, request.params.n * size);
      if (!first) return reply.status(404).type('text/plain; charset=utf-8').send('No such sitemap.');
      async function* body() {
        yield '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n';
        let after: string | null = null;
        let left = size;
        while (left > 0) {
          const rows = await publishRepository.publishedFrom(
            db,
            after === null ? { first: first! } : { after },
            Math.min(5000, left),
          );
          if (rows.length === 0) break;
          yield rows
            .map(
              (r) =>
                `<url><loc>${x(`${base}/${r.kind === 'lesson' ? 'les' : 'r'}/${r.id}`)}</loc><lastmod>${r.updated_at.slice(0, 10)}</lastmod></url>\n`,
            )
            .join('');
          after = rows[rows.length - 1]!.id;
          left -= rows.length;
        }
        yield '</urlset>\n';
      }
      return reply
        .type('application/xml; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(Readable.from(body()));
    },
  );
}

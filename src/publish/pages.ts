import '@fastify/swagger';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../kernel/http.ts';
import type { ResourceView } from '../catalogue/view.ts';
import { problemHandler } from '../kernel/problems.ts';
import { recordUsage } from '../insight/usage.ts';
import { communityJsonLd, jsonLdScript, resourceJsonLd } from './jsonld.ts';
import { AppError } from '../kernel/errors.ts';
import { escapeHtml } from '../kernel/html.ts';
import type { Store } from '../db/store.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { CommunityService } from '../community/service.ts';
import type { QualityService } from '../quality/service.ts';

interface Head {
  title: string;
  description: string;
  canonical: string;
  jsonLd?: Record<string, unknown>;
  image?: string | null;
  status?: number;
  /** Text shown before JavaScript runs (crawlers, slow connections). */
  body?: string;
}

const SITE = 'Leergoed';
const SITE_DESCRIPTION =
  'Open leermateriaal en digitaal erfgoed voor het primair en voortgezet onderwijs: vind, beoordeel en combineer materiaal bij de kerndoelen.';

/** The services these routes use. */
export interface PageRoutesDeps {
  store: Pick<Store, 'db'>;
  catalogue: CatalogueService;
  communities: CommunityService;
  quality: QualityService;
  config: { publicUrl: string; webRoot: string; harvest: { allowPrivateHosts: boolean } };
}

/**
 * Serves the web application's HTML with a server-rendered head: title, meta description,
 * canonical link and, on resource pages, schema.org JSON-LD — all present before JavaScript runs.
 */
export async function pageRoutes(app: App, ctx: PageRoutesDeps): Promise<void> {
  const indexFile = join(ctx.config.webRoot, 'index.html');
  const template = () => {
    if (!existsSync(indexFile)) {
      return '<!doctype html><html lang="nl"><head><meta charset="utf-8"><!--head--></head><body><div id="root"><!--body--></div><p>De webapplicatie is nog niet gebouwd: voer <code>npm run build</code> uit.</p></body></html>';
    }
    return readFileSync(indexFile, 'utf8');
  };
  let cached: string | null = null;
  const html = (head: Head) => {
    cached ??= template();
    const tags = [
      `<title>${escapeHtml(head.title)}</title>`,
      `<meta name="description" content="${escapeHtml(head.description.slice(0, 300))}">`,
      `<link rel="canonical" href="${escapeHtml(head.canonical)}">`,
      `<meta property="og:title" content="${escapeHtml(head.title)}">`,
      `<meta property="og:description" content="${escapeHtml(head.description.slice(0, 300))}">`,
      head.image ? `<meta property="og:image" content="${escapeHtml(head.image)}">` : '',
      head.jsonLd ? jsonLdScript(head.jsonLd) : '',
    ]
      .filter(Boolean)
      .join('\n    ');
    return cached
      .replace(/<title>[^<]*<\/title>/, '')
      .replace('<!--head-->', tags)
      .replace('<!--body-->', head.body ?? '');
  };
  const send = (reply: FastifyReply, head: Head) =>
    reply
      .status(head.status ?? 200)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(html(head));
  const url = (path: string) => `${ctx.config.publicUrl}${path}`;

  // An LMS shows the pupil's view and the deep-linking picker in a frame of its own pages; every
  // other page refuses to be framed (clickjacking).
  // The picker posts its answer to the LMS's return URL, so its forms may go there.
  const framable =
    (handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>, postsToLms = false) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const csp = reply.getHeader('content-security-policy');
      if (typeof csp === 'string') {
        let relaxed = csp.replace(/frame-ancestors [^;]*/, 'frame-ancestors *');
        if (postsToLms)
          relaxed = relaxed.replace(
            /form-action [^;]*/,
            `form-action 'self' https:${ctx.config.harvest.allowPrivateHosts ? ' http:' : ''}`,
          );
        reply.header('content-security-policy', relaxed);
      }
      reply.removeHeader('x-frame-options');
      return handler(request, reply);
    };
  const shell =
    (title: string, description = SITE_DESCRIPTION) =>
    async (request: FastifyRequest, reply: FastifyReply) =>
      send(reply, { title, description, canonical: url(request.url.split('?')[0]!) });

  app.get('/', { schema: { hide: true } }, shell(`${SITE} – open leermateriaal en erfgoed voor het onderwijs`));
  app.get('/zoeken', { schema: { hide: true } }, shell(`Zoeken – ${SITE}`));
  app.get(
    '/leerdoelen',
    { schema: { hide: true } },
    shell(
      `Leerdoelen – ${SITE}`,
      'Vind leermateriaal en erfgoed bij de kerndoelen en leerdoelen van SLO, per niveau en vakgebied.',
    ),
  );
  app.get(
    '/leerdoelen/:id',
    { schema: { hide: true } },
    shell(`Leerdoelen – ${SITE}`, 'De kerndoelen en leerdoelen van een vakgebied, met het materiaal dat erbij hoort.'),
  );
  // A published lesson's page carries its title, summary and JSON-LD (LRMI) in the first HTML, as
  // its catalogue page does; a draft or unknown lesson gets the plain shell.
  app.get(
    '/les/:id',
    { schema: { hide: true, params: { type: 'object', properties: { id: { type: 'string', maxLength: 100 } } } } },
    framable(async (request, reply) => {
      const { id } = request.params as { id: string };
      const entry = await ctx.catalogue.get(id);
      if (!entry || entry.kind !== 'lesson' || entry.status !== 'published') {
        return send(reply, {
          title: `Les – ${SITE}`,
          description: 'Een les op Leergoed: materiaal, erfgoed en opdrachten, zonder inloggen.',
          canonical: url(`/les/${encodeURIComponent(id)}`),
        });
      }
      const pageUrl = url(`/les/${entry.id}`);
      reply.header('vary', 'Accept');
      if (wantsJsonLd(request.headers.accept))
        return reply
          .type('application/ld+json; charset=utf-8')
          .send(resourceJsonLd(entry, pageUrl, await ctx.quality.quality(entry.id, null)));
      return send(reply, {
        title: `${entry.title} – ${SITE}`,
        description: entry.description ?? describe(entry),
        canonical: pageUrl,
        jsonLd: resourceJsonLd(entry, pageUrl, await ctx.quality.quality(entry.id, null)),
        body: `<main><h1>${escapeHtml(entry.title)}</h1><p>${escapeHtml(entry.description ?? describe(entry))}</p></main>`,
      });
    }),
  );
  app.get(
    '/lessen',
    { schema: { hide: true } },
    shell(`Mijn lessen – ${SITE}`, 'Je lessen op Leergoed: concepten en gepubliceerde versies.'),
  );
  app.get(
    '/lessen/:id',
    { schema: { hide: true } },
    shell(`Les maken – ${SITE}`, 'Stel een les samen uit materiaal, erfgoed, eigen tekst en opdrachten.'),
  );
  app.get(
    '/lti/kiezen',
    { schema: { hide: true } },
    framable(shell(`Kies een les – ${SITE}`, 'Kies een les of materiaal om in je ELO te zetten.'), true),
  );
  app.get(
    '/beheer/lti',
    { schema: { hide: true } },
    shell(`ELO-koppelingen – ${SITE}`, 'Koppel een elektronische leeromgeving aan Leergoed met LTI 1.3.'),
  );
  app.get(
    '/inloggen',
    { schema: { hide: true } },
    shell(`Inloggen – ${SITE}`, 'Log in bij Leergoed om materiaal toe te voegen en collecties te beheren.'),
  );
  // Self-service account pages (links in mails carry a token in the query; Referrer-Policy is no-referrer).
  for (const [path, title, description] of [
    ['/registreren', 'Account aanmaken', 'Maak een account aan als docent om lessen te maken en te delen.'],
    ['/account/bevestigen', 'E-mailadres bevestigen', 'Bevestig je e-mailadres voor Leergoed.'],
    ['/wachtwoord-vergeten', 'Wachtwoord vergeten', 'Vraag een link aan om een nieuw wachtwoord te kiezen.'],
    ['/wachtwoord-herstellen', 'Nieuw wachtwoord', 'Kies een nieuw wachtwoord voor je Leergoed-account.'],
    ['/account', 'Mijn account', 'Je naam, e-mailadres, wachtwoord en sessies.'],
    ['/beheer/gebruikers', 'Gebruikers en organisaties', 'Gebruikers, rollen, organisaties en het auditlog.'],
  ] as const)
    app.get(path, { schema: { hide: true } }, shell(`${title} – ${SITE}`, description));
  // Pages for editors: no content of their own in the first HTML (they need a session).
  app.get(
    '/bronnen',
    { schema: { hide: true } },
    shell(`Bronnen – ${SITE}`, 'Bronnen van erfgoedinstellingen beheren.'),
  );
  app.get('/bronnen/:id', { schema: { hide: true } }, shell(`Bron – ${SITE}`, 'Een bron van een erfgoedinstelling.'));
  app.get(
    '/runs/:id',
    { schema: { hide: true } },
    shell(`Oogstrapport – ${SITE}`, 'Het rapport van een oogst of import.'),
  );

  // Unknown addresses: a page for browsers, problem+json for everyone else (and under /api).
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const wantsHtml =
      request.method === 'GET' && !path.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
    if (wantsHtml)
      return send(reply, {
        title: `Pagina niet gevonden – ${SITE}`,
        description: 'Deze pagina bestaat niet.',
        canonical: url(path),
        status: 404,
      });
    return problemHandler(
      Object.assign(new Error(`Nothing at ${path}.`), { statusCode: 404, code: 'LG_NOT_FOUND' }),
      request,
      reply,
    );
  });

  app.get(
    '/gemeenschappen',
    { schema: { hide: true } },
    shell(
      `Gemeenschappen – ${SITE}`,
      'Vakcommunities en regionale netwerken van leraren: gedeelde collecties en discussies.',
    ),
  );
  app.get(
    '/gemeenschappen/:slug',
    { schema: { hide: true, params: { type: 'object', properties: { slug: { type: 'string', maxLength: 60 } } } } },
    async (request, reply) => {
      const { slug } = request.params as { slug: string };
      const pageUrl = url(`/gemeenschappen/${encodeURIComponent(slug)}`);
      const community = await ctx.communities.get(slug, null).catch((error: unknown) => {
        if (error instanceof AppError && error.status === 404) return null;
        throw error;
      });
      if (!community)
        return send(reply, {
          title: `Niet gevonden – ${SITE}`,
          description: 'Deze gemeenschap bestaat niet.',
          canonical: pageUrl,
          status: 404,
        });
      const { items } = await ctx.communities.items(null, slug, null, 100);
      const description =
        community.description ||
        `Een ${community.kind === 'regional' ? 'regionaal netwerk' : 'vakcommunity'} op ${SITE}.`;
      return send(reply, {
        title: `${community.name} – ${SITE}`,
        description,
        canonical: pageUrl,
        jsonLd: communityJsonLd(community, items, pageUrl, (id) => url(`/r/${id}`)),
        body: `<main><h1>${escapeHtml(community.name)}</h1><p>${escapeHtml(description)}</p><ul>${items
          .filter((i) => i.resource.status === 'published')
          .map((i) => `<li><a href="/r/${escapeHtml(i.resource.id)}">${escapeHtml(i.resource.title)}</a></li>`)
          .join('')}</ul></main>`,
      });
    },
  );
  app.get(
    '/gemeenschappen/:slug/discussies/:threadId',
    { schema: { hide: true } },
    shell(`Discussie – ${SITE}`, 'Een discussie in een gemeenschap op Leergoed (voor leden).'),
  );

  app.get(
    '/r/:id',
    { schema: { hide: true, params: { type: 'object', properties: { id: { type: 'string', maxLength: 100 } } } } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const resource = await ctx.catalogue.get(id, { includeWithdrawn: true });
      if (!resource) {
        return send(reply, {
          title: `Niet gevonden – ${SITE}`,
          description: 'Deze pagina bestaat niet (meer).',
          canonical: url(`/r/${encodeURIComponent(id)}`),
          status: 404,
        });
      }
      const pageUrl = url(`/r/${resource.id}`);
      if (resource.status === 'withdrawn') {
        return send(reply, {
          title: `Ingetrokken: ${resource.title} – ${SITE}`,
          description: `Dit item is ingetrokken: ${resource.withdrawnReason ?? ''}`,
          canonical: pageUrl,
          status: 410,
        });
      }
      await recordUsage(ctx.store.db, { type: 'resource_viewed', resourceId: resource.id });
      reply.header('vary', 'Accept');
      // Linked data: the same JSON-LD the page carries, for clients that ask for it.
      if (wantsJsonLd(request.headers.accept))
        return reply
          .type('application/ld+json; charset=utf-8')
          .send(resourceJsonLd(resource, pageUrl, await ctx.quality.quality(resource.id, null)));
      return send(reply, {
        title: `${resource.title} – ${SITE}`,
        description: resource.description ?? describe(resource),
        canonical: pageUrl,
        image: resource.thumbnail,
        jsonLd: resourceJsonLd(resource, pageUrl, await ctx.quality.quality(resource.id, null)),
        body: `<main><h1>${escapeHtml(resource.title)}</h1><p>${escapeHtml(resource.description ?? describe(resource))}</p><p>${resource.attribution.nl.html}</p></main>`,
      });
    },
  );
}

/** Whether a request asks for JSON-LD before HTML (`Accept: application/ld+json`). */
function wantsJsonLd(accept: string | undefined): boolean {
  if (!accept) return false;
  const weight = (type: string) => {
    const part = accept
      .split(',')
      .map((p) => p.trim())
      .find((p) => p.split(';')[0]!.trim() === type);
    if (!part) return 0;
    const q = /;\s*q=([\d.]+)/.exec(part)?.[1];
    return q === undefined ? 1 : Number(q);
  };
  return weight('application/ld+json') > 0 && weight('application/ld+json') >= weight('text/html');
}

function describe(resource: ResourceView): string {
  const kind = resource.kind === 'heritage' ? 'Erfgoedobject' : resource.kind === 'lesson' ? 'Les' : 'Leermateriaal';
  const by = resource.creators
    .map((c) => c.name)
    .slice(0, 3)
    .join(', ');
  return (
    [kind, by && `door ${by}`, resource.institution && `uit de collectie van ${resource.institution.name}`]
      .filter(Boolean)
      .join(' ') + '.'
  );
}

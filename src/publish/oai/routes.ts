import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../kernel/http.ts';
import { media } from '../../kernel/schema.ts';
import { OaiProvider } from './provider.ts';
import type { Store } from '../../db/store.ts';
import type { CatalogueService } from '../../catalogue/service.ts';

/** The services these routes use. */
export interface OaiRoutesDeps {
  store: Pick<Store, 'db'>;
  catalogue: CatalogueService;
  config: { publicUrl: string; oai: { namespace: string; adminEmail: string } };
}

/** `/oai`: the OAI-PMH 2.0 provider, by GET and by POST (form-encoded), streamed. */
export async function oaiRoutes(app: App, ctx: OaiRoutesDeps): Promise<void> {
  const provider = new OaiProvider(ctx.store.db, ctx.catalogue, {
    publicUrl: ctx.config.publicUrl,
    repositoryName: 'Leergoed',
    ...ctx.config.oai,
  });
  const answer = async (args: Record<string, unknown>, reply: FastifyReply) => {
    // The provider decides everything that can fail before its first piece; that piece is awaited
    // here, so a store that cannot be reached is a 503 answer, not a cut-off 200.
    const pieces = provider.respond(args);
    const first = await pieces.next();
    const stream = async function* () {
      if (!first.done) yield first.value;
      yield* pieces;
    };
    return reply.type('text/xml; charset=utf-8').header('cache-control', 'no-cache').send(Readable.from(stream()));
  };
  const description =
    'OAI-PMH 2.0 (https://www.openarchives.org/OAI/openarchivesprotocol.html): Identify, ListMetadataFormats, ListSets, GetRecord, ListIdentifiers, ListRecords; formats oai_dc, nl_lom and edm; sets `kind:{material|heritage|lesson}`, `institution:{id}` and `collection:{source id}`; deleted records persistent; stateless resumption tokens. Errors are OAI-PMH `<error>` elements in a 200 response, as the protocol says. See docs/oai-pmh.md.';
  // The protocol's arguments. Any other, or a repeated one, is the provider's to refuse (badArgument
  // in a 200 response), so nothing is refused here.
  const argument = (text: string) =>
    Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())], { description: text }));
  const args = Type.Object(
    {
      verb: argument('Identify, ListMetadataFormats, ListSets, GetRecord, ListIdentifiers or ListRecords'),
      metadataPrefix: argument('oai_dc, nl_lom or edm'),
      identifier: argument('oai:{namespace}:{resource id}'),
      set: argument('kind:…, institution:… or collection:… (see ListSets)'),
      from: argument('YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, inclusive'),
      until: argument('YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, inclusive'),
      resumptionToken: argument('the token of the previous page'),
    },
    { additionalProperties: true },
  );
  const response = {
    200: media('An OAI-PMH response (or an OAI-PMH error), valid against OAI-PMH.xsd and its payload schema', {
      'text/xml': {
        example:
          '<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-11-27T12:00:00Z</responseDate><request verb="Identify">https://leergoed.example.nl/oai</request><Identify><repositoryName>Leergoed</repositoryName><baseURL>https://leergoed.example.nl/oai</baseURL><protocolVersion>2.0</protocolVersion><adminEmail>beheer@leergoed.example.nl</adminEmail><earliestDatestamp>2026-01-05T09:12:44Z</earliestDatestamp><deletedRecord>persistent</deletedRecord><granularity>YYYY-MM-DDThh:mm:ssZ</granularity></Identify></OAI-PMH>',
      },
    }),
  };
  app.get(
    '/oai',
    { schema: { tags: ['oai-pmh'], summary: 'OAI-PMH 2.0 provider', description, querystring: args, response } },
    async (request, reply) => answer(request.query as Record<string, unknown>, reply),
  );
  app.post(
    '/oai',
    {
      schema: {
        tags: ['oai-pmh'],
        summary: 'OAI-PMH 2.0 provider (form-encoded POST)',
        description,
        consumes: ['application/x-www-form-urlencoded'],
        body: args,
        response,
      },
    },
    async (request, reply) => answer((request.body ?? {}) as Record<string, unknown>, reply),
  );
}

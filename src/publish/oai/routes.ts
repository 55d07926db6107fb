import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.ts';
import type { App } from '../../app/http.ts';
import { OaiProvider } from './provider.ts';

/** `/oai`: the OAI-PMH 2.0 provider, by GET and by POST (form-encoded), streamed. */
export async function oaiRoutes(app: App, ctx: AppContext): Promise<void> {
  const provider = new OaiProvider(ctx.store.db, ctx.catalogue, { publicUrl: ctx.config.publicUrl, repositoryName: 'Leergoed', ...ctx.config.oai });
  const answer = (args: Record<string, unknown>, reply: FastifyReply) =>
    reply.type('text/xml; charset=utf-8').header('cache-control', 'no-cache').send(Readable.from(provider.respond(args)));
  const description = 'OAI-PMH 2.0 (https://www.openarchives.org/OAI/openarchivesprotocol.html): Identify, ListMetadataFormats, ListSets, GetRecord, ListIdentifiers, ListRecords; formats oai_dc, nl_lom and edm; sets `kind:{material|heritage|lesson}`, `institution:{id}` and `collection:{source id}`; deleted records persistent; stateless resumption tokens. Errors are OAI-PMH `<error>` elements in a 200 response, as the protocol says. See docs/oai-pmh.md.';
  app.get('/oai', { schema: { tags: ['oai-pmh'], summary: 'OAI-PMH 2.0 provider', description, querystring: Type.Record(Type.String(), Type.Unknown()) } }, async (request, reply) => answer(request.query as Record<string, unknown>, reply));
  app.post('/oai', { schema: { tags: ['oai-pmh'], summary: 'OAI-PMH 2.0 provider (form-encoded POST)', description } }, async (request, reply) => answer((request.body ?? {}) as Record<string, unknown>, reply));
}

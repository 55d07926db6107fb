import { Type } from 'typebox';
import { badRequest } from '../kernel/errors.ts';
import type { App } from '../kernel/http.ts';
import { problemResponses } from '../kernel/schema.ts';
import { SCHEMES, type Scheme } from './model.ts';
import { conceptTree, selectConcepts } from './service.ts';
import type { Vocabularies } from './vocabulary.ts';

const SchemeInfo: Record<Scheme, { nl: string; en: string; source: string }> = {
  level: { nl: 'Onderwijsniveaus', en: 'Educational levels', source: 'SLO curriculum (niveaus), OBK' },
  subject: {
    nl: 'Vakken en vakleergebieden',
    en: 'Subjects',
    source: 'SLO curriculum (vakleergebieden), OBK disciplines',
  },
  kerndoel: { nl: 'Kerndoelen', en: 'Core objectives', source: 'SLO kerndoelen (po, vo onderbouw, so, vso)' },
  leerdoel: { nl: 'Leerdoelenkaarten', en: 'Learning objective maps', source: 'SLO leerdoelenkaarten' },
  'resource-type': { nl: 'Soorten leermateriaal', en: 'Learning resource types', source: 'NL-LOM (czp) and LOM v1.0' },
  licence: {
    nl: 'Licenties en rechtenverklaringen',
    en: 'Licences and rights statements',
    source: 'Creative Commons, rightsstatements.org',
  },
};

export const ConceptSchema = Type.Object({
  scheme: Type.String(),
  id: Type.String(),
  uri: Type.Union([Type.String(), Type.Null()]),
  notation: Type.Union([Type.String(), Type.Null()]),
  labelNl: Type.String(),
  labelEn: Type.Union([Type.String(), Type.Null()]),
  description: Type.Union([Type.String(), Type.Null()]),
  broader: Type.Array(Type.String()),
  replacedBy: Type.Array(Type.String()),
  deprecated: Type.Boolean(),
  position: Type.Integer(),
  extra: Type.Record(Type.String(), Type.Unknown()),
  children: Type.Optional(Type.Array(Type.Unknown(), { description: 'Child concepts (format=tree)' })),
});

/** The services these routes use. */
export interface VocabularyRoutesDeps {
  vocab: Vocabularies;
}

/** `/api/v1/vocabularies`: the schemes and their concepts, flat or as a tree. */
export async function vocabularyRoutes(app: App, ctx: VocabularyRoutesDeps): Promise<void> {
  app.get(
    '/api/v1/vocabularies',
    {
      schema: {
        tags: ['vocabularies'],
        summary: 'The vocabularies Leergoed uses',
        response: {
          200: Type.Array(
            Type.Object({
              scheme: Type.String(),
              labelNl: Type.String(),
              labelEn: Type.String(),
              source: Type.String(),
              concepts: Type.Integer(),
            }),
          ),
        },
      },
    },
    async () =>
      SCHEMES.map((scheme) => ({
        scheme,
        labelNl: SchemeInfo[scheme].nl,
        labelEn: SchemeInfo[scheme].en,
        source: SchemeInfo[scheme].source,
        concepts: ctx.vocab.list(scheme).length,
      })),
  );

  app.get(
    '/api/v1/vocabularies/:scheme',
    {
      schema: {
        tags: ['vocabularies'],
        summary: 'The concepts of one vocabulary',
        description:
          '`format=tree` nests concepts under their broader concepts (kerndoelen under domains under subject areas; leerdoelenkaarten vakleergebied → vakkern → vaksubkern → vakinhoud). Deprecated concepts carry `replacedBy` and are left out unless `includeDeprecated=true`.',
        params: Type.Object({ scheme: Type.String() }),
        querystring: Type.Object({
          format: Type.Optional(Type.Union([Type.Literal('flat'), Type.Literal('tree')], { default: 'flat' })),
          includeDeprecated: Type.Optional(Type.Boolean({ default: false })),
          q: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: {
          200: Type.Object({
            scheme: Type.String(),
            format: Type.String(),
            total: Type.Integer(),
            concepts: Type.Array(ConceptSchema),
          }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const scheme = request.params.scheme as Scheme;
      if (!SCHEMES.includes(scheme))
        throw badRequest(
          'LG_UNKNOWN_SCHEME',
          `Unknown vocabulary "${request.params.scheme}". Known: ${SCHEMES.join(', ')}.`,
        );
      const concepts = selectConcepts(ctx.vocab, scheme, {
        includeDeprecated: request.query.includeDeprecated ?? false,
        q: request.query.q,
      });
      const format = request.query.format ?? 'flat';
      reply.header('cache-control', 'public, max-age=3600');
      return { scheme, format, total: concepts.length, concepts: format === 'tree' ? conceptTree(concepts) : concepts };
    },
  );
}

import { Type } from 'typebox';
import { notFound } from '../kernel/errors.ts';
import type { App } from '../kernel/http.ts';
import { NullableString, problemResponses } from '../kernel/schema.ts';
import { FindService } from './find.ts';
import type { Store } from '../db/store.ts';
import type { Vocabularies } from '../vocab/vocabulary.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { SearchService } from './service.ts';

export const CurriculumNode = Type.Object(
  {
    id: Type.String(),
    label: Type.String(),
    labelEn: NullableString,
    notation: NullableString,
    type: Type.String({
      description:
        'vakleergebied, domein or kerndoel; in a leerdoelenkaart vakleergebied, vakkern, vaksubkern or vakinhoud',
    }),
    text: NullableString,
    count: Type.Integer({ description: 'Published resources aligned with this node or one under it' }),
    children: Type.Array(Type.Ref('CurriculumNode')),
  },
  { $id: 'CurriculumNode' },
);

export const Area = Type.Object({
  id: Type.String(),
  label: Type.String(),
  labelEn: NullableString,
  count: Type.Integer(),
  kerndoelen: Type.Integer(),
});
/** What autocomplete offers. */
export const Suggestions = Type.Object({
  titles: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), kind: Type.String() })),
  concepts: Type.Array(
    Type.Object({
      scheme: Type.Union([Type.Literal('subject'), Type.Literal('objective'), Type.Literal('level')], {
        description: 'The filter parameter that selects it',
      }),
      id: Type.String(),
      label: Type.String(),
      labelEn: NullableString,
      notation: NullableString,
      count: Type.Integer(),
    }),
  ),
  makers: Type.Array(Type.Object({ name: Type.String(), count: Type.Integer() })),
});

/** A level of the curriculum browser, with how many kerndoelen it has. */
export const CurriculumLevel = Type.Object({
  id: Type.String(),
  label: Type.String(),
  labelEn: NullableString,
  kerndoelen: Type.Integer(),
});

const LevelQuery = Type.Object({
  level: Type.Optional(
    Type.String({ maxLength: 100, description: 'A level id (see `levels`): only the kerndoelen for that level' }),
  ),
});

/** The services these routes use. */
export interface FindRoutesDeps {
  store: Store;
  catalogue: CatalogueService;
  search: SearchService;
  vocab: Vocabularies;
}

/** `/api/v1/suggest` (autocomplete) and `/api/v1/curriculum` (the curriculum browser). */
export async function findRoutes(app: App, ctx: FindRoutesDeps): Promise<void> {
  const find = new FindService(ctx.store, ctx.vocab, ctx.catalogue, ctx.search);

  app.get(
    '/api/v1/suggest',
    {
      schema: {
        tags: ['search'],
        summary: 'Autocomplete: titles, concepts (subjects, learning objectives, levels) and makers',
        description: 'The last word counts as the beginning of a word. Fewer than two letters give empty lists.',
        querystring: Type.Object({ q: Type.String({ maxLength: 200 }) }),
        response: {
          200: Suggestions,
          ...problemResponses,
        },
      },
    },
    async (request) => find.suggest(request.query.q),
  );

  app.get(
    '/api/v1/curriculum',
    {
      schema: {
        tags: ['curriculum'],
        summary: 'The curriculum browser: levels and the subject areas of the kerndoelen, with aligned resource counts',
        querystring: LevelQuery,
        response: {
          200: Type.Object({
            levels: Type.Array(CurriculumLevel),
            areas: Type.Array(Area),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const level = request.query.level ?? null;
      const levels = find.levels();
      if (level && !levels.some((l) => l.id === level)) throw notFound('Level with kerndoelen', level);
      return { levels, areas: await find.areas(level) };
    },
  );

  app.get(
    '/api/v1/curriculum/:id',
    {
      schema: {
        tags: ['curriculum'],
        summary:
          'One subject area: its kerndoelen by domain and the leerdoelenkaart of its subject, with aligned resource counts',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        querystring: LevelQuery,
        response: {
          200: Type.Object({
            area: Area,
            kerndoelen: Type.Array(Type.Ref('CurriculumNode')),
            leerdoelen: Type.Array(Type.Ref('CurriculumNode')),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const found = await find.area(request.params.id, request.query.level ?? null);
      if (!found) throw notFound('Subject area', request.params.id);
      return found;
    },
  );
}

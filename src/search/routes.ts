import { Type } from 'typebox';
import { optionalInstitutionActor } from '../accounts/auth.ts';
import type { Status } from '../catalogue/model.ts';
import { ListQuery } from '../catalogue/schema.ts';
import type { Store } from '../db/store.ts';
import { recordUsage } from '../insight/usage.ts';
import { forbidden } from '../kernel/errors.ts';
import type { App } from '../kernel/http.ts';
import { problemResponses } from '../kernel/schema.ts';
import type { TermScheme } from './engine/terms.ts';
import type { SearchService } from './service.ts';

/** The filters a listing takes, each a query parameter. */
const FILTERS: TermScheme[] = [
  'kind',
  'level',
  'subject',
  'objective',
  'type',
  'licence',
  'reusability',
  'institution',
  'language',
  'period',
  'image',
];

/** The services these routes use. */
export interface SearchRoutesDeps {
  store: Pick<Store, 'db'>;
  search: SearchService;
}

/** `GET /api/v1/resources`: list and search resources, with facets. */
export async function searchRoutes(app: App, ctx: SearchRoutesDeps): Promise<void> {
  app.get(
    '/api/v1/resources',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'List and search resources',
        description:
          'Filters combine with AND across parameters and OR within one (repeat a parameter: `level=a&level=b`). A level or objective also matches what lies under it. Paging: pass `nextCursor` back as `cursor`.',
        querystring: ListQuery,
        response: { 200: Type.Ref('ResourceList'), ...problemResponses },
      },
    },
    async (request) => {
      const query = request.query;
      const terms: Partial<Record<TermScheme, string[]>> = {};
      for (const name of FILTERS) {
        const values = (query as Record<string, unknown>)[name] as string[] | undefined;
        if (values?.length) terms[name] = values;
      }
      const statuses = (query.status ?? ['published']) as Status[];
      if (statuses.some((s) => s !== 'published')) {
        const actor = optionalInstitutionActor(request);
        if (!actor || actor.role === 'teacher')
          throw forbidden('Only editors, curators and admins may list drafts or withdrawn resources.');
        // Institution editors see the drafts and withdrawn resources of their own institutions only.
        if (actor.role === 'institution_editor') {
          const own = (terms.institution ?? actor.organisationIds).filter((id) => actor.organisationIds.includes(id));
          if (own.length === 0)
            throw forbidden('You may list drafts and withdrawn resources of your own institutions only.');
          terms.institution = own;
        }
      }
      const result = await ctx.search.list({
        q: query.q,
        terms,
        statuses,
        sort: query.sort,
        cursor: query.cursor,
        limit: query.limit,
        facets: query.facets,
        facetValues: query.facetValues,
        explain: query.explain,
      });
      // A search someone looks at: not the next page, nor counts alone (limit=0, as the search page asks for a facet's other values).
      if (query.q?.trim() && !query.cursor && query.limit !== 0) {
        await recordUsage(ctx.store.db, {
          type: 'search_performed',
          query: query.q,
          resultCount: result.total,
          filters: terms as Record<string, string[]>,
        });
      }
      return result;
    },
  );
}

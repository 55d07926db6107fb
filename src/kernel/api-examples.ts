import type { RouteOptions } from 'fastify';
import recorded from './api-examples.json' with { type: 'json' };

/**
 * The examples of the API document: answers of a real instance recorded by `npm run api:examples`
 * (scripts/api-examples.ts), one per shared schema and one per route and status, with the request
 * bodies that produced them. The test suite checks that every operation has them and that each
 * still matches its schema.
 */
export interface ApiExamples {
  components: Record<string, unknown>;
  operations: Record<string, { body?: unknown; responses: Record<string, unknown> }>;
}

export const API_EXAMPLES = recorded as ApiExamples;

/** A shared schema with its example (a copy: the schema itself is left as it is). */
export function withComponentExample<T extends object>(schema: T): T {
  const id = (schema as { $id?: unknown }).$id;
  const example = typeof id === 'string' ? API_EXAMPLES.components[id] : undefined;
  return example === undefined ? schema : { ...schema, examples: [example] };
}

/** Puts a route's recorded examples on its body and response schemas (copies of them: schemas are shared between routes). */
export function addRouteExamples(route: RouteOptions): void {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const found = methods.map((m) => API_EXAMPLES.operations[`${m} ${route.url}`]).find(Boolean);
  if (!found || !route.schema) return;
  const schema = route.schema as { body?: object; response?: Record<string, object> };
  if (found.body !== undefined && schema.body) schema.body = { ...schema.body, examples: [found.body] };
  for (const [status, example] of Object.entries(found.responses)) {
    const response = schema.response?.[status];
    if (response && !('$ref' in response)) schema.response![status] = { ...response, examples: [example] };
  }
}

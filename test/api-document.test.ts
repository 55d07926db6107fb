import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { API_EXAMPLES } from '../src/kernel/api-examples.ts';
import type { App } from '../src/kernel/http.ts';
import { buildServer } from '../src/app/server.ts';
import { testContext } from './support/stores.ts';

interface MediaObject {
  schema?: { $ref?: string; format?: string; example?: unknown };
  example?: unknown;
}
interface Operation {
  requestBody?: { content: Record<string, MediaObject> };
  responses: Record<string, { content?: Record<string, MediaObject> }>;
}
interface ApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { example?: unknown }> };
}

const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

// The API document does not depend on the store: one store is enough to build it.
describe('the API document: examples for every operation, each matching its schema', () => {
  let app: App;
  let cleanup: () => Promise<void>;
  let doc: ApiDocument;
  const ajv = new Ajv({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv) => void)(ajv);

  before(async () => {
    const test = await testContext('sqlite');
    cleanup = test.cleanup;
    app = await buildServer(test.ctx, { logger: false });
    doc = (await app.inject('/api/openapi.json')).json();
    ajv.addSchema(doc as object, 'api');
  });
  after(async () => {
    await app?.close();
    await cleanup?.();
  });

  /** Whether `value` matches the schema at `path` in the document; the errors if not. */
  const check = (path: string, value: unknown): string | null => {
    const validate = ajv.compile({ $ref: `api#/${path}` });
    return validate(value) ? null : ajv.errorsText(validate.errors);
  };

  it('shows an example of every shared schema, and each matches it', () => {
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      assert.notEqual(schema.example, undefined, `${name} has no example`);
      assert.equal(check(pointer('components', 'schemas', name), schema.example), null, `the example of ${name}`);
    }
  });

  it('shows an example of every request body and every answer, and each matches its schema', () => {
    const missing: string[] = [];
    const wrong: string[] = [];
    let operations = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        operations++;
        const where = `${method.toUpperCase()} ${path}`;
        const media = (place: string, content: Record<string, MediaObject>, base: string[]) => {
          for (const [type, object] of Object.entries(content)) {
            if (object.schema?.format === 'binary') continue;
            const referenced = object.schema?.$ref
              ? doc.components.schemas[object.schema.$ref.split('/').pop()!]?.example
              : undefined;
            const example = object.example ?? object.schema?.example ?? referenced;
            if (example === undefined) {
              missing.push(`${where} ${place} (${type})`);
              continue;
            }
            const schemaPath = pointer(...base, type, 'schema');
            // JSON and form bodies are objects the schema describes; other media are texts.
            const structured =
              (/json/.test(type) && !/ndjson/.test(type)) ||
              type === 'application/x-www-form-urlencoded' ||
              type === 'multipart/form-data';
            const problem = structured ? check(schemaPath, example) : typeof example === 'string' ? null : 'not a text';
            if (problem) wrong.push(`${where} ${place} (${type}): ${problem}`);
          }
        };
        if (operation.requestBody)
          media('request body', operation.requestBody.content, ['paths', path, method, 'requestBody', 'content']);
        for (const [status, response] of Object.entries(operation.responses)) {
          if (!response.content) {
            if (status === '200' || status === '201') missing.push(`${where} ${status}: no content described`);
            continue;
          }
          media(status, response.content, ['paths', path, method, 'responses', status, 'content']);
        }
      }
    }
    assert.ok(operations >= 58, `${operations} operations`);
    assert.deepEqual(missing, [], 'every body and answer has an example');
    assert.deepEqual(wrong, [], 'every example matches its schema');
  });

  it('describes every error of the API as a problem document', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/')) continue;
      for (const [method, operation] of Object.entries(item)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          // (410 Gone shows the withdrawn resource's tombstone.)
          if (!/^[45]/.test(status) || status === '410') continue;
          assert.equal(
            response.content?.['application/json']?.schema?.$ref,
            '#/components/schemas/Problem',
            `${method.toUpperCase()} ${path} ${status}`,
          );
        }
      }
    }
  });

  it('records examples only of routes that exist', () => {
    const routes = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.keys(item).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    );
    assert.deepEqual(
      Object.keys(API_EXAMPLES.operations).filter((key) => !routes.has(key)),
      [],
    );
  });
});

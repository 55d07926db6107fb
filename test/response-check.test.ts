import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { Type } from 'typebox';
import { checkResponses } from '../src/app/response-check.ts';

describe('the response check that holds test answers to the API document', () => {
  it('lets declared answers through and turns undeclared statuses and wrong bodies into errors', async () => {
    const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
    await checkResponses(app);
    const Thing = Type.Object({ id: Type.String(), count: Type.Integer({ minimum: 0 }) });
    app.get('/ok', { schema: { response: { 200: Thing } } }, async () => ({ id: 'a', count: 1 }));
    app.get('/teapot', { schema: { response: { 200: Thing } } }, async (_request, reply) =>
      reply.status(418 as 200).send({ id: 'a', count: 1 }),
    );
    // A body the serializer lets through but the schema refuses (a negative count).
    app.get('/negative', { schema: { response: { 200: Thing } } }, async () => ({ id: 'a', count: -1 }));
    app.get('/undocumented', async () => ({ anything: true }));
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => {
      errors.push(args.join(' '));
    };
    try {
      assert.equal((await app.inject('/ok')).statusCode, 200);
      assert.equal((await app.inject('/teapot')).statusCode, 500);
      assert.equal((await app.inject('/negative')).statusCode, 500);
      assert.equal(
        (await app.inject('/undocumented')).statusCode,
        200,
        'a route without response schemas is not checked',
      );
    } finally {
      console.error = original;
      await app.close();
    }
    assert.ok(
      errors.some((e) => /GET \/teapot answered 418, a status its OpenAPI description does not declare/.test(e)),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((e) =>
        /GET \/negative answered 200 with a body that does not match its OpenAPI schema: data\/count must be >= 0/.test(
          e,
        ),
      ),
      errors.join('\n'),
    );
  });
});

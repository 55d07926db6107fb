import type { FastifyInstance } from 'fastify';

/**
 * Checks every JSON answer against the response schema its route declares — the same schemas the
 * OpenAPI document is made of — and turns a mismatch, or a status the route does not declare, into
 * a 500 that names it. The test suite switches it on (`LEERGOED_CHECK_RESPONSES=true`), so every
 * response of the integration tests is held to the API document; production leaves it off.
 */
export async function checkResponses(app: FastifyInstance): Promise<void> {
  const { Ajv } = await import('ajv');
  const formats = (await import('ajv-formats')).default as unknown as (ajv: InstanceType<typeof Ajv>) => void;
  const ajv = new Ajv({ strict: false, allErrors: true });
  formats(ajv);
  let loaded = false;
  const validators = new WeakMap<object, ReturnType<typeof ajv.compile>>();
  app.addHook('onSend', async (request, reply, payload) => {
    const declared = request.routeOptions.schema?.response as Record<string, object> | undefined;
    if (!declared || request.routeOptions.schema?.hide) return payload;
    const status = reply.statusCode;
    if (status === 304 || status === 204) return payload;
    const schema = declared[status] ?? declared[`${String(status)[0]}xx`] ?? declared.default;
    const where = `${request.method} ${request.routeOptions.url} answered ${status}`;
    const fail = (message: string) => {
      // Said on stderr too: the 500 it turns into may be all a test shows.
      console.error(`[response check] ${message}`);
      reply.code(500);
      return Object.assign(new Error(message), { statusCode: 500 });
    };
    if (!schema) throw fail(`${where}, a status its OpenAPI description does not declare.`);
    const type = String(reply.getHeader('content-type') ?? '');
    // A response declared per media type (XML, JSON Lines, a zip) must be one of them.
    const content = (schema as { content?: Record<string, { schema: object }> }).content;
    if (content) {
      const mediaType = type.split(';')[0]!.trim();
      if (!content[mediaType])
        throw fail(
          `${where} as ${mediaType || 'no media type'}, which its OpenAPI description does not declare (${Object.keys(content).join(', ')}).`,
        );
      if (!/json/.test(mediaType) || /ndjson/.test(mediaType)) return payload;
    }
    if (typeof payload !== 'string' || !/json/.test(type) || /ndjson/.test(type)) return payload;
    if (!loaded) {
      for (const shared of Object.values(app.getSchemas()))
        if (!ajv.getSchema((shared as { $id: string }).$id)) ajv.addSchema(shared as object);
      loaded = true;
    }
    const jsonSchema = content ? content[type.split(';')[0]!.trim()]!.schema : schema;
    let validate = validators.get(jsonSchema);
    if (!validate) {
      validate = ajv.compile(jsonSchema);
      validators.set(jsonSchema, validate);
    }
    if (!validate(JSON.parse(payload))) {
      throw fail(
        `${where} with a body that does not match its OpenAPI schema: ${ajv.errorsText(validate.errors, { separator: '; ' })}`,
      );
    }
    return payload;
  });
}

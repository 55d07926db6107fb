import { Type, type TLiteral, type TSchema, type TUnion } from 'typebox';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A request body the API document shows but the route reads itself (a multipart upload, read
     * part by part with its own limits), so it is not validated as a whole.
     */
    documentedBody?: TSchema;
  }
}

/** Shared HTTP schemas: errors (RFC 9457 problem details) and small building blocks. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'A URI naming the error code, e.g. https://leergoed.nl/problems/LG_NOT_FOUND' }),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable error code, e.g. LG_NOT_FOUND' }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', description: 'An error, as application/problem+json (RFC 9457).' },
);

export const problemResponses = {
  400: Type.Ref('Problem'),
  401: Type.Ref('Problem'),
  403: Type.Ref('Problem'),
  404: Type.Ref('Problem'),
  429: Type.Ref('Problem'),
};

export const NullableString = Type.Union([Type.String(), Type.Null()]);
export const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);

/**
 * A response that is not JSON (XML, JSON Lines, a zip, an HTML page), as the API document shows it:
 * its media types, each a text with an example, any JSON (a record in its own shape) with one, or a binary.
 */
export function media(description: string, types: Record<string, { example: string } | { json: unknown } | 'binary'>) {
  return {
    description,
    content: Object.fromEntries(
      Object.entries(types).map(([type, value]) => [
        type,
        {
          // (`example`, as OpenAPI 3.0 has it: response schemas are serialized, never compiled by a validator.)
          schema:
            value === 'binary'
              ? Type.String({ format: 'binary' })
              : 'json' in value
                ? Type.Unknown({ example: value.json })
                : Type.String({ example: value.example }),
        },
      ]),
    ),
  };
}

type LiteralTuple<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K] & string> };

/** A union of string literals, typed as the union of the values (so `Static<>` gives that union). */
export const literals = <const T extends readonly string[]>(values: T): TUnion<LiteralTuple<T>> =>
  Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnion<LiteralTuple<T>>;

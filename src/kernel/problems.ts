import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';
import { isStoreUnavailable } from './store-errors.ts';

const PROBLEM_BASE = 'https://leergoed.nl/problems/';

/** Sends an error as `application/problem+json` (RFC 9457). Server errors hide their details. */
export function problemHandler(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply) {
  let status = 500;
  let code = 'LG_INTERNAL';
  let title = 'Something went wrong on our side. Try again later.';
  let errors: { field: string; message: string }[] | undefined;
  let details: Record<string, unknown> | undefined;
  if (error instanceof AppError) {
    status = error.status;
    code = error.code;
    title = error.message;
    details = error.details;
  } else if ((error as FastifyError).validation) {
    status = 400;
    code = 'LG_VALIDATION';
    title = 'The request is not valid.';
    const context = (error as FastifyError).validationContext ?? '';
    errors = (error as FastifyError).validation!.map((v) => {
      const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
      return {
        field: `${context}${v.instancePath ?? ''}${missing ? `/${missing}` : ''}`,
        message: v.message ?? 'invalid',
      };
    });
  } else if (isStoreUnavailable(error)) {
    // The store is restarting, failing over or unreachable: the request may be sent again shortly.
    status = 503;
    code = 'LG_STORE_UNAVAILABLE';
    title = 'The store cannot be reached for a moment. Try again shortly; nothing was lost.';
    details = { retryAfter: 5 };
    request.log.warn(
      { err: { message: (error as Error).message, code: (error as { code?: string }).code } },
      'store unavailable',
    );
  } else if ((error as FastifyError).statusCode && (error as FastifyError).statusCode! < 500) {
    status = (error as FastifyError).statusCode!;
    code = (error as FastifyError).code ?? 'LG_BAD_REQUEST';
    title = error.message;
  } else {
    request.log.error({ err: error }, 'request failed');
  }
  if (typeof details?.retryAfter === 'number') reply.header('retry-after', String(details.retryAfter));
  reply
    .status(status)
    .type('application/problem+json')
    .send({
      type: `${PROBLEM_BASE}${code}`,
      title,
      status,
      code,
      ...(details ? { detail: JSON.stringify(details) } : {}),
      instance: request.url.split('?')[0],
      ...(errors ? { errors } : {}),
    });
}

import type { ErrorCode } from './error-codes.ts';

/**
 * An error with a stable code, shown to clients as `application/problem+json` (RFC 9457):
 * `type` is the code's URI, `title` a short sentence, `detail` what to do about it.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string) =>
  new AppError('LG_NOT_FOUND', 404, `${what} ${id} does not exist.`);
export const forbidden = (message: string) => new AppError('LG_FORBIDDEN', 403, message);
export const unauthenticated = () => new AppError('LG_UNAUTHENTICATED', 401, 'Sign in first.');
export const badRequest = (code: ErrorCode, message: string, details?: Record<string, unknown>) =>
  new AppError(code, 400, message, details);

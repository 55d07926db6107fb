/** PostgreSQL error classes that mean the server or the connection went away, not the query. */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
]);
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|Cannot use a pool after calling end|connection is closed|terminating connection/i;

/**
 * Whether an error says the store could not be reached or dropped the connection (a restart, a
 * failover, a terminated backend, a busy SQLite file), as opposed to a wrong query or bad data:
 * such a request may succeed when tried again, and is answered 503 meanwhile.
 */
export function isStoreUnavailable(error: unknown): boolean {
  for (
    let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    e = e.cause as typeof e, depth++
  ) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (
      UNAVAILABLE_SQLSTATES.has(code) ||
      UNAVAILABLE_ERRNOS.has(code) ||
      code === 'SQLITE_BUSY' ||
      code === 'SQLITE_BUSY_SNAPSHOT'
    )
      return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  }
  return false;
}

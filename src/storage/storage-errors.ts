/** The database cannot be reached or is refusing work right now: nothing was stored; retry later. */
export class StorageUnavailableError extends Error {
  override name = 'StorageUnavailableError';
  constructor(cause: unknown) {
    super('The database is unavailable', { cause });
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);
// invalid_catalog_name (no such database), invalid_schema_name, undefined_table, undefined_function.
const MISSING_SCHEMA_CODES = new Set(['3D000', '3F000', '42P01', '42883']);
// Prisma: can't reach server, timed out, connection closed, pool timeout, transaction API timeouts/closed.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
const MESSAGE_HINTS = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection (is )?(closed|refused|reset)/i,
  /server (has )?closed the connection/i,
  /can't reach database server/i,
  /terminating connection/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /transaction (already closed|not found|api error)/i,
  /cannot use a pool after calling end/i,
  /client has encountered a connection error/i,
];

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  originalCode?: unknown;
  kind?: unknown;
  meta?: { driverAdapterError?: unknown; code?: unknown };
}

/**
 * Every error in the chain: drivers, adapters and Prisma each wrap the original error (Prisma's
 * raw-query errors, P2010, carry the driver adapter's error in meta, not in cause).
 */
function* errorChain(
  error: unknown,
): Generator<{ sqlState: string; message: unknown; kind: unknown }> {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as ErrorLike;
    const sqlState = [e.code, e.originalCode, e.meta?.code].find((c) => typeof c === 'string');
    yield { sqlState: sqlState ?? '', message: e.message, kind: e.kind };
    current = e.cause ?? e.meta?.driverAdapterError;
  }
}

/** True when the database, or the tables and functions the migrations created, are not there. */
export function isMissingSchemaError(error: unknown): boolean {
  for (const e of errorChain(error)) if (MISSING_SCHEMA_CODES.has(e.sqlState)) return true;
  return false;
}

/**
 * True when an error means "the database is not available" (network failure, server shutting down,
 * connection limits) rather than a bug or a constraint violation.
 */
export function isUnavailableError(error: unknown): boolean {
  // The database or its schema is not there (dropped, or restored without it under a running
  // service): nothing can be stored until an operator restores it or the service restarts and
  // migrates, so clients are told to retry. The service's own SQL is held to the migrations by the
  // tests, so these states do not come from a typo here.
  if (isMissingSchemaError(error)) return true;
  for (const e of errorChain(error)) {
    const code = e.sqlState;
    if (NETWORK_CODES.has(code) || PRISMA_CODES.has(code)) return true;
    // SQLSTATE classes 08 (connection), 53 (insufficient resources), 57P (operator intervention).
    if (/^(08|53|57P)/.test(code)) return true;
    if (typeof e.message === 'string' && MESSAGE_HINTS.some((re) => re.test(e.message as string)))
      return true;
    if (
      e.kind === 'DatabaseNotReachable' ||
      e.kind === 'ConnectionClosed' ||
      e.kind === 'SocketTimeout'
    )
      return true;
  }
  return false;
}

/** A constraint violation of this SQLSTATE (or the adapter's name for it) anywhere in the chain. */
function violates(error: unknown, sqlState: string, kind: string, message: RegExp): boolean {
  for (const e of errorChain(error)) {
    if (e.sqlState === sqlState || e.kind === kind) return true;
    if (typeof e.message === 'string' && message.test(e.message)) return true;
  }
  return false;
}

/** A foreign-key violation (SQLSTATE 23503). */
export const isForeignKeyViolation = (error: unknown): boolean =>
  violates(error, '23503', 'ForeignKeyConstraintViolation', /violates foreign key constraint/i);

/** A unique violation (SQLSTATE 23505). */
export const isUniqueViolation = (error: unknown): boolean =>
  violates(error, '23505', 'UniqueConstraintViolation', /violates unique constraint/i);

/** Runs a storage call, turning "database unavailable" failures into StorageUnavailableError. */
export async function guardAvailability<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw isUnavailableError(error) ? new StorageUnavailableError(error) : error;
  }
}

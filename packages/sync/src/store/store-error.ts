import { CdrkitError } from '@cdrkit/core';

/**
 * The database failed or refused: it could not be opened or reached, a statement failed, or its
 * schema is newer than this package. The message never holds the connection URL's password.
 */
export class StoreError extends CdrkitError {
  /** Always `'StoreError'`. */
  override name = 'StoreError';
  /** The store that failed. */
  readonly store: 'sqlite' | 'postgres';
  /** The driver's error code (an SQLSTATE such as `'28P01'`, or SQLite's `'SQLITE_BUSY'`), when it gave one. */
  readonly code: string | undefined;

  constructor(
    message: string,
    options: { store: 'sqlite' | 'postgres'; code?: string | undefined; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.store = options.store;
    this.code = options.code;
  }
}

/** Wraps a driver error in a {@link StoreError}, with `secrets` (a password) cut out of its message. */
export function toStoreError(
  error: unknown,
  store: 'sqlite' | 'postgres',
  doing: string,
  secrets: readonly string[] = [],
): unknown {
  if (error instanceof CdrkitError) return error;
  let message = error instanceof Error ? error.message : String(error);
  for (const secret of secrets) if (secret) message = message.split(secret).join('[REDACTED]');
  const code = (error as { code?: unknown } | null)?.code;
  const title = store === 'sqlite' ? 'SQLite' : 'Postgres';
  return new StoreError(`${title}: ${doing} failed: ${message}`, {
    store,
    code: typeof code === 'string' ? code : undefined,
    // postgres.js attaches the statement and its parameters (a whole page of records) to its
    // errors: the message and code say enough.
    cause: keepsCause(error, secrets) ? error : undefined,
  });
}

function keepsCause(error: unknown, secrets: readonly string[]): boolean {
  if (error !== null && typeof error === 'object' && 'parameters' in error) return false;
  const stack = String((error as Error | null)?.stack ?? '');
  return !secrets.some((secret) => secret && stack.includes(secret));
}

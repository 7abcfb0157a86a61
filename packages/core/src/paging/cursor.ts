import type * as z from 'zod/mini';
import { InvalidArgumentError } from '../errors/index.js';
import type { ProviderName } from '../types.js';
import type { Cursor } from './types.js';

/**
 * Reads a cursor a user passed back: it must be one this provider and method produced (its
 * `p` and `op` fields) and match `schema`.
 * @throws InvalidArgumentError naming what is wrong with the cursor
 */
export function readCursor<S extends z.ZodMiniType>(
  schema: S,
  cursor: Cursor,
  context: { provider: ProviderName; operation: string },
): z.output<S> {
  const { provider, operation } = context;
  if (typeof cursor !== 'object' || cursor === null || Array.isArray(cursor)) {
    throw new InvalidArgumentError(
      `\`cursor\` must be the \`next\` object of a page that ${provider} ${operation}() returned.`,
      { argument: 'cursor', provider, operation },
    );
  }
  if (cursor.p !== provider || cursor.op !== operation) {
    const origin =
      typeof cursor.p === 'string' ? ` (it came from ${String(cursor.p)} ${String(cursor.op)}())` : '';
    throw new InvalidArgumentError(
      `This cursor was not made by ${provider} ${operation}()${origin}: pass the \`next\` of a page that this method returned.`,
      { argument: 'cursor', provider, operation },
    );
  }
  const result = schema.safeParse(cursor);
  if (!result.success) {
    const issue = result.error.issues[0];
    // A provider's own rule (a refinement) says what is wrong in its words: no "damaged" guess.
    if (issue?.code === 'custom') {
      const where = issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
      throw new InvalidArgumentError(`This cursor cannot be used here${where}: ${issue.message}`, {
        argument: 'cursor',
        provider,
        operation,
      });
    }
    const where = issue?.path.length ? issue.path.join('.') : 'cursor';
    throw new InvalidArgumentError(
      `The cursor is damaged or from another cdrkit version (${where}: ${issue?.message ?? 'invalid'}): restart from the range's beginning.`,
      { argument: 'cursor', provider, operation },
    );
  }
  return result.data;
}

/** A key that is equal for equal cursors, whatever the order of their fields. */
export function cursorKey(cursor: Cursor | null): string {
  return stableStringify(cursor);
}

function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${stableStringify(record[key])}`).join(',')}}`;
}

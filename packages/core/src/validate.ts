/**
 * Turning a provider's answer into typed data, or a `ResponseFormatError` that says where it
 * went wrong.
 * @module
 */
import type * as z from 'zod/mini';
import { ResponseFormatError } from './errors/index.js';
import { redactedExcerpt, redactSecrets } from './redact.js';
import type { ProviderName } from './types.js';

/** Context for error messages: who answered, to which call, with what body. */
export interface ParseContext {
  /** The provider whose answer is parsed, named in the error. */
  provider: ProviderName;
  /** The client method that received the answer (e.g. `getCDR`), named in the error. */
  operation: string;
  /** The raw body, for a short redacted excerpt in the error. */
  body?: string;
  /** HTTP status of the answer, copied to the error's `status`. */
  status?: number;
  /** Credential values to redact from the excerpt. */
  secrets?: readonly string[];
}

/**
 * `JSON.parse` that throws `ResponseFormatError` (kind `syntax`, retried by the HTTP layer) for
 * an empty, truncated or malformed body.
 *
 * @example
 * ```ts
 * const data = parseJson(response.body, { provider: 'telecmi', operation: 'outAnswered', body: response.body });
 * ```
 */
export function parseJson(text: string, context: ParseContext): unknown {
  if (text.trim() === '') {
    throw syntaxError(context, text, 'the answer is empty where JSON was expected');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // The engine's message quotes a slice of the body, which may hold a credential cut in half
    // where no redaction can find it: keep only what kind of failure and where.
    const detail = error instanceof Error ? error.message : '';
    const position = /position (\d+)/.exec(detail)?.[1];
    // An error at the very end of the text means the JSON was fine so far: it was cut short.
    const atEnd = position !== undefined && Number(position) >= text.trimEnd().length;
    const reason =
      atEnd || /end of (?:JSON )?input|unterminated|unexpected end/i.test(detail)
        ? 'the JSON ends early (a truncated answer)'
        : `the answer is not valid JSON${position === undefined ? '' : ` (at character ${position})`}`;
    throw syntaxError(context, text, reason);
  }
}

/**
 * Validates `data` with `schema` and returns the schema's output. A mismatch throws
 * `ResponseFormatError` (kind `schema`) whose `path` names the first bad field (`cdr[3].time`).
 *
 * `accepts`, for a schema without transforms read on a hot path, is the same rules written
 * out by hand: when it says yes, `data` is returned as it is and zod does not run (zod/mini's
 * object parser costs more per record than anything else done to it); when it says no, zod
 * decides, and names the field. It must never say yes where the schema fails: hold it to
 * that with a property test.
 *
 * @example
 * ```ts
 * const answer = validate(answerSchema, parseJson(body, ctx), ctx); // typed as the schema's output
 * const page = validate(pageSchema, data, ctx, isPlainPage);        // zod only when isPlainPage says no
 * ```
 */
export function validate<S extends z.ZodMiniType>(
  schema: S,
  data: unknown,
  context: ParseContext,
  accepts?: (data: unknown) => boolean,
): z.output<S> {
  if (accepts?.(data)) return data as z.output<S>;
  let result: ReturnType<S['safeParse']>;
  try {
    result = schema.safeParse(data) as ReturnType<S['safeParse']>;
  } catch (error) {
    // A transform or refinement that throws is still a shape the SDK cannot read.
    const detail = error instanceof Error ? redactSecrets(error.message, context.secrets) : 'unknown failure';
    throw schemaError(context, undefined, `the answer could not be read (${detail})`);
  }
  if (result.success) return result.data as z.output<S>;
  const issue = result.error.issues[0];
  if (issue === undefined)
    throw schemaError(context, undefined, 'the answer does not match the documented shape');
  const path = formatPath(issue.path);
  const actual = describe(valueAt(data, issue.path));
  const where = path === '' ? 'at the top level' : `at ${path}`;
  const reason = expectation(issue, actual, context.secrets);
  // `field (reason)`, not `field: reason`: a field named like a credential (`token`) followed
  // by a colon would read as a secret to redaction.
  throw schemaError(context, path, `the answer does not match the documented shape ${where} (${reason})`);
}

/** `['cdr', 3, 'time']` → `cdr[3].time`; keys that are not identifiers in brackets. */
export function formatPath(path: readonly PropertyKey[]): string {
  let result = '';
  for (const key of path) {
    if (typeof key === 'number') result += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key))
      result += result === '' ? key : `.${key}`;
    else result += `[${JSON.stringify(String(key))}]`;
  }
  return result;
}

type Issue = z.core.$ZodIssue;

/** What the schema wanted, in words; zod/mini's own messages are only "Invalid input". */
function expectation(issue: Issue, actual: string, secrets: readonly string[] | undefined): string {
  switch (issue.code) {
    case 'invalid_type':
      return actual === 'missing'
        ? `a required ${issue.expected} is missing`
        : `expected ${issue.expected}, got ${actual}`;
    case 'invalid_value':
      return `expected ${issue.values.map(describeLiteral).join(' or ')}, got ${actual}`;
    case 'too_small':
      return `expected ${issue.origin} ${issue.inclusive === false ? '>' : '>='} ${String(issue.minimum)}`;
    case 'too_big':
      return `expected ${issue.origin} ${issue.inclusive === false ? '<' : '<='} ${String(issue.maximum)}`;
    case 'invalid_format':
      return `expected a ${issue.format} string`;
    case 'not_multiple_of':
      return `expected a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `unexpected key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return `got ${actual}, which matches none of the documented shapes`;
    default:
      return `${redactSecrets(issue.message, secrets)} (got ${actual})`;
  }
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The type of the value found, never the value itself: it may be anything the server sent. */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return value === '' ? 'empty string' : 'string';
  return typeof value;
}

function describeLiteral(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function syntaxError(context: ParseContext, text: string, reason: string): ResponseFormatError {
  return new ResponseFormatError(`${context.provider} ${context.operation}: ${reason}.`, {
    kind: 'syntax',
    provider: context.provider,
    operation: context.operation,
    excerpt: redactedExcerpt(context.body ?? text, context.secrets),
    status: context.status,
  });
}

function schemaError(context: ParseContext, path: string | undefined, reason: string): ResponseFormatError {
  return new ResponseFormatError(`${context.provider} ${context.operation}: ${reason}.`, {
    kind: 'schema',
    provider: context.provider,
    operation: context.operation,
    path,
    excerpt: context.body === undefined ? undefined : redactedExcerpt(context.body, context.secrets),
    status: context.status,
  });
}

/** True for a non-null object that is not an array: what JSON.parse or the XML reader makes of a record. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

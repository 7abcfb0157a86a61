/**
 * Schema drift: what an answer holds that its provider's doc does not say. Reported once per
 * field path per client through `hooks.schemaDrift`, or thrown with `strict: true`.
 * See docs/reading-policy.md.
 * @module
 */
import { CdrkitError, ResponseFormatError } from './errors/index.js';
import type { ProviderName, SchemaDriftEvent } from './types.js';

/** The type names drift speaks in: what `typeof` says, with `null` and `array` apart. */
export type ValueType = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';

/**
 * What a provider's doc says a record (or an envelope) holds: each documented field with its
 * documented type, or types where the doc itself shows more than one (TeleCMI's `from`).
 *
 * @example
 * ```ts
 * const documented: DocumentedFields = { _id: 'string', time: 'number', from: ['string', 'number'] };
 * ```
 */
export type DocumentedFields = Readonly<Record<string, ValueType | readonly ValueType[]>>;

/** The type name of a value, never the value itself: drift events must not carry data. */
export function typeName(value: unknown): ValueType | 'missing' {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' ? type : 'object';
}

/** Where drift goes: the client's `schemaDrift` hook, or an error with `strict`. */
export interface DriftOptions {
  /** The provider whose answers are checked. */
  provider: ProviderName;
  /** Called once per field path per client with what differs from the doc. */
  onDrift?: ((event: SchemaDriftEvent) => void) | undefined;
  /** Throw `ResponseFormatError` on drift instead of reporting it. */
  strict?: boolean | undefined;
}

/**
 * Compares answers with their documented shape and reports each difference once per field path
 * per client:
 * a documented field that is missing, a field of another type than documented, and a field the
 * doc does not list. One instance per client; {@link HttpClient} holds it as `drift`.
 *
 * @example
 * ```ts
 * const drift = new DriftMonitor({ provider: 'telecmi', onDrift: (e) => console.warn(e) });
 * for (const row of rows) drift.checkRecord('outAnswered', 'cdr[]', row, documentedRow);
 * ```
 */
export class DriftMonitor {
  readonly #provider: ProviderName;
  readonly #onDrift: ((event: SchemaDriftEvent) => void) | undefined;
  readonly #strict: boolean;
  readonly #reported = new Set<string>();

  constructor(options: DriftOptions) {
    this.#provider = options.provider;
    this.#onDrift = options.onDrift;
    this.#strict = options.strict === true;
  }

  /** False when nobody listens and nothing is strict: callers may then skip checking. */
  get active(): boolean {
    return this.#strict || this.#onDrift !== undefined;
  }

  /**
   * Checks one record (or envelope) against its documented fields. `prefix` names where it
   * sits (`cdr[]`, `` for the top level); reported paths are `prefix.field`.
   * @throws ResponseFormatError with `strict`, at the first difference
   */
  checkRecord(operation: string, prefix: string, record: unknown, documented: DocumentedFields): void {
    if (!this.active || typeof record !== 'object' || record === null || Array.isArray(record)) return;
    const fields = record as Record<string, unknown>;
    for (const name in documented) {
      const expected = documented[name] as ValueType | readonly ValueType[];
      const received = typeName(fields[name]);
      if (typeof expected === 'string' ? received !== expected : !expected.includes(received as ValueType)) {
        this.report(
          operation,
          join(prefix, name),
          typeof expected === 'string' ? expected : expected.join(' | '),
          received,
        );
      }
    }
    for (const name in fields) {
      if (!(name in documented))
        this.report(operation, join(prefix, name), 'missing', typeName(fields[name]));
    }
  }

  /**
   * Reports one difference, once per field path per client.
   * @throws ResponseFormatError with `strict`
   */
  report(operation: string, path: string, expected: string, received: string): void {
    // Once per field path per client, whichever method met it first.
    if (this.#reported.has(path) && !this.#strict) return;
    this.#reported.add(path);
    const event: SchemaDriftEvent = { provider: this.#provider, operation, path, expected, received };
    if (this.#strict) {
      throw new ResponseFormatError(
        `${this.#provider} ${operation}: the answer differs from the documented shape at ${path} ` +
          `(expected ${expected}, got ${received}); strict is on, so this is an error. ` +
          'Leave strict off to read it and report it through hooks.schemaDrift instead.',
        { provider: this.#provider, operation, kind: 'schema', path },
      );
    }
    try {
      this.#onDrift?.(event);
    } catch (error) {
      // Like every hook: a throwing schemaDrift hook ends the call, with its error as the cause.
      throw new CdrkitError(`${this.#provider} ${operation}: the schemaDrift hook threw.`, {
        provider: this.#provider,
        operation,
        cause: error,
      });
    }
  }
}

function join(prefix: string, name: string): string {
  const key = /^[A-Za-z_$][\w$]*$/.test(name) ? name : `[${JSON.stringify(name)}]`;
  if (prefix === '') return key;
  return key.startsWith('[') ? `${prefix}${key}` : `${prefix}.${key}`;
}

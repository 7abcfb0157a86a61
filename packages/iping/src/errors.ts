/**
 * iPing's errors. HTTP statuses take core's default mapping; what iPing reports inside a 200
 * answer (`pduType` ERR, an error element) becomes an `ApiError`, or an `AuthenticationError`
 * when its description speaks of the credentials.
 * @module
 */
import { ApiError, AuthenticationError, type CdrkitError, ResponseFormatError } from '@cdrkit/core';
import { providerMessage } from '@cdrkit/core/provider';
import { OPERATION } from './options.js';
import { collectFields, type Element, ERROR_NAMES, fieldValue, lower } from './xml.js';

// Inside an error element any code-like name will do; in the envelope only error-like ones.
const CODE_NAMES = /(^|_)(code|number|no|num|errno|id)$/;
const ENVELOPE_CODE_NAMES = /code|errno|err(or)?_?(number|no|num|id)$/;
const MESSAGE_NAMES = /desc|message|msg|text|reason|detail/;
const LAST_RESORT_MESSAGE_NAMES = /err/;
// An error description that speaks of the credentials means they were rejected.
const AUTH_WORDS =
  /user[\s_-]?name|user[\s_-]?id|password|passwd|log[\s_-]?in|authenticat|credential|unauthori[sz]ed|not authori[sz]ed|access denied|invalid user|unknown user/i;

/** Who answered, for the errors: the method and the answer's HTTP status. */
export interface AnswerContext {
  provider: 'iping';
  operation: string;
  status: number | undefined;
}

function pickByName(
  fields: Record<string, string>,
  pattern: RegExp,
  except?: string,
): { name: string; value: string } | undefined {
  for (const [name, value] of Object.entries(fields)) {
    if (name !== except && pattern.test(lower(name)) && value.trim() !== '')
      return { name, value: value.trim() };
  }
  return undefined;
}

/** The code among `fields`, and the message: a description-like field, else another error-like one. */
function codeAndMessage(
  fields: Record<string, string>,
  codeNames: RegExp,
): { code: string | undefined; message: string | undefined } {
  const code = pickByName(fields, codeNames);
  const message =
    pickByName(fields, MESSAGE_NAMES) ?? pickByName(fields, LAST_RESORT_MESSAGE_NAMES, code?.name);
  return { code: code?.value, message: message?.value };
}

/** The provider's error code and description, from an error element or the envelope. */
function describeError(
  error: Element | undefined,
  envelope: readonly Element[],
): { code: string | undefined; message: string | undefined } {
  if (error !== undefined) {
    // `<errors><error …/></errors>`: the first error speaks for all.
    const inner = error.children.find((child) => ERROR_NAMES.has(lower(child.name)));
    if (inner !== undefined) return describeError(inner, envelope);
    const fields = collectFields(error, '', {}) as Record<string, string>;
    const own = fieldValue(error).trim();
    const { code, message } = codeAndMessage(fields, CODE_NAMES);
    return { code, message: message ?? (own === '' ? undefined : own) };
  }
  const fields: Record<string, string> = {};
  for (const element of envelope) {
    if (lower(element.name) !== 'pdutype') fields[element.name] = fieldValue(element);
  }
  return codeAndMessage(fields, ENVELOPE_CODE_NAMES);
}

/**
 * The error an ERR answer reports: its code and description (from `error`, else the envelope),
 * redacted, as an `AuthenticationError` when the description speaks of the credentials.
 */
export function inBodyError(
  error: Element | undefined,
  envelope: readonly Element[],
  context: AnswerContext,
  redact: (text: string) => string,
): CdrkitError {
  const { code, message } = describeError(error, envelope);
  const text = providerMessage(message, redact);
  const providerCode = code === undefined ? undefined : redact(code).slice(0, 100);
  const detail = [providerCode, text].filter((part) => part !== undefined).join(': ');
  const options = { ...context, providerCode, providerMessage: text };
  // Judged on the whole description: the words may lie past the part an error carries.
  if (message !== undefined && AUTH_WORDS.test(message)) {
    return new AuthenticationError(`iPing rejected the credentials (${detail})`, options);
  }
  return new ApiError(`iPing answered ERR${detail === '' ? '' : ` (${detail})`}`, options);
}

/** An item without a start time is refused: nothing places it in a date range. */
export function noStartError(recordName: string, index: number): ResponseFormatError {
  return new ResponseFormatError(
    'iPing sent an item without a readable start time (notification_dt, else call_dt, start_dt or start_time): cdrkit cannot tell which date window it belongs to.',
    {
      provider: 'iping',
      operation: OPERATION,
      kind: 'schema',
      path: `${recordName}[${index}].notification_dt`,
    },
  );
}

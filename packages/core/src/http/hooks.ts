/**
 * Running the user's hooks, and turning what a hook or a provider callback throws into a
 * redacted `CdrkitError`.
 * @module
 */
import { CdrkitError } from '../errors/index.js';
import type { ProviderName } from '../types.js';
import { type ErrorContext, errorOptions, sanitizedCause } from './errors.js';
import type { ResolvedOptions } from './options.js';

type HookName = 'beforeRequest' | 'afterResponse' | 'beforeRetry';

/** Runs the user's `name` hook, if set; what it throws becomes a redacted `CdrkitError`. */
export async function runHook<K extends HookName>(
  hooks: ResolvedOptions['hooks'],
  provider: ProviderName,
  name: K,
  payload: Parameters<NonNullable<ResolvedOptions['hooks'][K]>>[0],
  context: ErrorContext,
): Promise<void> {
  const hook = hooks[name] as ((info: typeof payload) => void | Promise<void>) | undefined;
  if (hook === undefined) return;
  try {
    await hook(payload);
  } catch (error) {
    throw new CdrkitError(
      `${provider} ${context.operation}: the ${name} hook threw: ${context.redact(errorText(error))}`,
      { ...errorOptions(context), cause: error },
    );
  }
}

/** What a provider callback (`build`, `mapHttpError`) threw, as a redacted `CdrkitError`. */
export function callbackError(
  provider: ProviderName,
  name: string,
  error: unknown,
  context: ErrorContext,
): CdrkitError {
  const cause = sanitizedCause(error, context.redact, true);
  return new CdrkitError(
    `${provider} ${context.operation}: ${name} failed: ${cause.message}`,
    errorOptions(context, cause),
  );
}

/** An error's message, or the value as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

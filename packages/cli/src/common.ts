/**
 * What the `export` and `sync` commands share: exit codes, error reporting, credential flags.
 * @module
 */
import {
  AbortError,
  ApiError,
  AuthenticationError,
  type ClientOptions,
  type DateInput,
  InvalidArgumentError,
  NetworkError,
  RateLimitError,
  ResponseFormatError,
  TimeoutError,
} from '@cdrkit/core';
import { startEmulator } from '@cdrkit/emulators';
import { StoreError } from '@cdrkit/sync';
import type { Command } from 'commander';
import { PROVIDERS, type ProviderEntry } from './providers.js';

/** Exit codes: scripts can tell what went wrong without reading the message. */
export const EXIT = {
  /** The export or sync finished (or the command did what it was asked). */
  ok: 0,
  /** Anything else: a bug, or an error cdrkit did not expect. */
  unexpected: 1,
  /** Bad flags or settings (`InvalidArgumentError`): fix the command line. */
  badInput: 2,
  /** The provider rejected the credentials. */
  authentication: 3,
  /** Network failure, timeout or rate limit that retries did not get past. */
  transport: 4,
  /** The provider answered an error, or an answer cdrkit could not read. */
  provider: 5,
  /** `cdrkit sync`: the database could not be opened or reached, or refused a statement. */
  database: 6,
  /** Interrupted (Ctrl-C, SIGINT): run the same command again to continue (`--resume` for an export). */
  interrupted: 130,
} as const;

/** Where the command reads and writes: the process's streams, or a test's. */
export interface Io {
  /** Where records (without `--out`), summaries and help text go. */
  stdout: NodeJS.WritableStream;
  /** Where errors and progress go. */
  stderr: NodeJS.WritableStream & {
    /** True for a terminal: progress is drawn only then. */
    isTTY?: boolean;
  };
  /** Environment variables, where credentials are read from when no flag gives them. */
  env: Record<string, string | undefined>;
}

/** Parsed flags, as commander hands them to an action. */
export type Flags = Record<string, string | boolean | undefined>;

/** Help texts of the connection flags where the commands word them differently. */
export interface ConnectionHelp {
  /** What `--prefetch` keeps in flight. */
  prefetch: string;
  /** What `--time-zone` applies to. */
  timeZone: string;
}

/**
 * Adds the flags that say where records come from, the same for `export` and `sync`:
 * `--emulate`, `--records`, `--prefetch`, `--time-zone`, `--base-url` and every credential flag.
 */
export function addConnectionOptions(command: Command, help: ConnectionHelp): void {
  command
    .option('--emulate', 'run against the bundled emulator of the provider (no credentials needed)', false)
    .option('--records <count>', 'records the emulator generates (with --emulate)', '2000')
    .option('--prefetch <count>', help.prefetch, '2')
    .option('--time-zone <zone>', help.timeZone)
    .option('--base-url <url>', 'API base URL (a proxy, or MIXvoip’s Supernode URL)');
  addCredentialOptions(command);
}

/** What a command needs to build the provider's client, and how to stop what it started. */
export interface Connection {
  /** The provider's constructor settings: credentials, `profileId`, `baseUrl`. */
  settings: Record<string, string>;
  /** The shared client options from `--time-zone` and `--base-url` (the emulator's URL with `--emulate`). */
  clientOptions: ClientOptions;
  /** Stops the emulator that `--emulate` started; nothing to do otherwise. */
  close(): Promise<void>;
}

/**
 * Reads the connection flags of `export` and `sync`: with `--emulate`, starts the provider's
 * emulator over `range` and takes its credentials; otherwise reads the credentials from
 * flags, then environment variables (a missing required one is bad input, exit 2).
 */
export async function connect(
  provider: ProviderEntry,
  opts: Flags,
  env: Io['env'],
  range: { from: DateInput; to: DateInput },
): Promise<Connection> {
  const clientOptions: ClientOptions = {};
  const timeZone = str(opts.timeZone);
  if (timeZone) clientOptions.timeZone = timeZone;
  const baseUrl = str(opts.baseUrl);
  if (baseUrl) clientOptions.baseUrl = baseUrl;
  const settings: Record<string, string> = {};
  if (!opts.emulate) {
    if (baseUrl) settings.baseUrl = baseUrl;
    readCredentials(provider, opts, env, settings);
    return { settings, clientOptions, close: async () => {} };
  }
  const emu = await startEmulator(provider.name, {
    records: positiveInt(opts.records, '--records'),
    ...range,
  });
  for (const [key, value] of Object.entries(emu.credentials as unknown as Record<string, unknown>)) {
    settings[key] = String(value);
  }
  if (emu.profileId !== undefined) settings.profileId = String(emu.profileId);
  settings.baseUrl = emu.url;
  clientOptions.baseUrl = emu.url;
  return { settings, clientOptions, close: () => emu.close() };
}

/** Adds every provider's credential flags (once each: `--user-name` serves three providers). */
export function addCredentialOptions(command: Command): void {
  const seen = new Set<string>();
  for (const entry of Object.values(PROVIDERS)) {
    for (const s of entry.settings) {
      if (s.key === 'baseUrl' || seen.has(s.flag)) continue;
      seen.add(s.flag);
      command.option(`${s.flag} <value>`, `${entry.title}: ${s.description} (or $${s.env})`);
    }
  }
}

/** The provider's settings from flags, then environment variables; a missing required one is bad input. */
export function readCredentials(
  provider: ProviderEntry,
  opts: Flags,
  env: Io['env'],
  settings: Record<string, string>,
): void {
  for (const s of provider.settings) {
    const value = str(opts[s.key]) ?? settings[s.key] ?? env[s.env];
    if (value) settings[s.key] = value;
    else if (s.required) {
      throw new InvalidArgumentError(
        `Missing ${provider.title} ${s.description}: pass ${s.flag} or set ${s.env}.`,
        {
          argument: s.key,
        },
      );
    }
  }
}

/** One line, no stack: the class decides the exit code. */
export function reportError(error: unknown, io: Io): number {
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`cdrkit: ${message.split('\n')[0]}\n`);
  if (error instanceof InvalidArgumentError) return EXIT.badInput;
  if (error instanceof AuthenticationError) return EXIT.authentication;
  if (error instanceof NetworkError || error instanceof TimeoutError || error instanceof RateLimitError) {
    return EXIT.transport;
  }
  if (error instanceof ApiError || error instanceof ResponseFormatError) return EXIT.provider;
  if (error instanceof StoreError) return EXIT.database;
  if (error instanceof AbortError) return EXIT.interrupted;
  return EXIT.unexpected;
}

/** A non-empty string flag, or undefined. */
export function str(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `value`, or an InvalidArgumentError with `message` when it is missing. */
export function required(value: string | undefined, message: string, argument: string): string {
  if (value === undefined) throw new InvalidArgumentError(message, { argument });
  return value;
}

/** A whole number ≥ `min` from a flag, or an InvalidArgumentError naming the flag. */
export function positiveInt(value: string | boolean | undefined, flag: string, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new InvalidArgumentError(`${flag} must be a whole number, ${min} or more; got ${String(value)}.`, {
      argument: flag,
    });
  }
  return n;
}

/** Aborts `controller` on Ctrl-C or SIGTERM until the returned function is called. */
export function abortOnSignals(controller: AbortController): () => void {
  const onSignal = () => controller.abort(new AbortError('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

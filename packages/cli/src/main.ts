/**
 * The `cdrkit` command, as a function: parses argv, runs, and returns the exit code.
 * @module
 */
import {
  AbortError,
  ApiError,
  AuthenticationError,
  CdrkitError,
  type ClientOptions,
  InvalidArgumentError,
  NetworkError,
  RateLimitError,
  ResponseFormatError,
  TimeoutError,
  toDateRange,
} from '@cdrkit/core';
import { startEmulator } from '@cdrkit/emulators';
import { Command, CommanderError, Option } from 'commander';
import { runExport } from './export.js';
import { createProgress } from './progress.js';
import { PROVIDERS, providerNamed } from './providers.js';

/** Exit codes: scripts can tell what went wrong without reading the message. */
export const EXIT = {
  /** The export finished (or the command did what it was asked). */
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
  /** Interrupted (Ctrl-C, SIGINT): with `--resume`, run the same command again to continue. */
  interrupted: 130,
} as const;

/** Where the command reads and writes: the process's streams, or a test's. */
export interface Io {
  /** Where records (without `--out`) and help text go. */
  stdout: NodeJS.WritableStream;
  /** Where errors and progress go. */
  stderr: NodeJS.WritableStream & {
    /** True for a terminal: progress is drawn only then. */
    isTTY?: boolean;
  };
  /** Environment variables, where credentials are read from when no flag gives them. */
  env: Record<string, string | undefined>;
}

const EXAMPLES = `
Examples:
  # try it against the bundled emulator, no account needed
  $ cdrkit export --provider telecmi --from 2024-01-01 --to 2024-02-01 --emulate --out calls.ndjson

  # a real account, credentials from the environment, CSV
  $ TELECMI_APP_ID=1111113 TELECMI_TOKEN=… cdrkit export --provider telecmi \\
      --from 2024-01-01 --to 2024-02-01 --format csv --out calls.csv

  # an export that can be interrupted and resumed
  $ cdrkit export --provider nimblevox --from 2024-01-01 --to 2024-07-01 \\
      --out sdrs.ndjson --resume sdrs.state.json

Exit codes: 0 ok, 2 bad input, 3 authentication, 4 network/timeout/rate limit,
5 provider error or malformed answer, 130 interrupted, 1 anything else.
Credentials are read from flags or environment variables (see \`cdrkit providers\`) and never printed.`;

/**
 * Runs the `cdrkit` command with `argv` (the arguments after the program name) and returns its
 * exit code (see {@link EXIT}); it never calls `process.exit` itself.
 * @example
 * ```ts
 * const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
 * process.exitCode = code;
 * ```
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command()
    .name('cdrkit')
    .description('Export call detail records from iPing, TeleCMI, Boxis, MIXvoip or Nimblevox.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`cdrkit: ${text.replace(/^error: /, '')}`),
    })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXAMPLES);

  const exportCommand = program
    .command('export')
    .description('Export every call record of [from, to) to NDJSON or CSV.')
    .option('--provider <name>', `provider: ${Object.keys(PROVIDERS).join(', ')}`)
    .option('--from <date>', 'start, inclusive: ISO date or date-time, or epoch ms')
    .option('--to <date>', 'end, exclusive: ISO date or date-time, or epoch ms')
    .addOption(new Option('--format <format>', 'output format').choices(['ndjson', 'csv']).default('ndjson'))
    .option('--raw', 'write provider records instead of normalized CallRecords', false)
    .option('--out <file>', 'output file (default: standard output)')
    .option(
      '--resume <stateFile>',
      'state file: continue an interrupted export where it stopped (needs --out)',
    )
    .option('--emulate', 'run against the bundled emulator of the provider (no credentials needed)', false)
    .option('--records <count>', 'records the emulator generates (with --emulate)', '2000')
    .option('--prefetch <count>', 'requests kept in flight', '2')
    .option('--time-zone <zone>', "IANA zone of the provider's naive timestamps")
    .option('--base-url <url>', 'API base URL (a proxy, or MIXvoip’s Supernode URL)');
  const flags = new Map<string, string>();
  for (const entry of Object.values(PROVIDERS)) {
    for (const s of entry.settings) {
      if (s.key === 'baseUrl' || flags.has(s.flag)) continue;
      flags.set(s.flag, s.key);
      exportCommand.option(`${s.flag} <value>`, `${entry.title}: ${s.description} (or $${s.env})`);
    }
  }
  exportCommand
    .addHelpText('after', EXAMPLES)
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      exitCode = await exportAction(opts, io);
    });

  program
    .command('providers')
    .description('List the providers and the credentials each needs.')
    .action(() => {
      for (const entry of Object.values(PROVIDERS)) {
        io.stdout.write(`${entry.name} (${entry.title}, ${entry.method})\n`);
        for (const s of entry.settings) {
          const need = s.required ? 'required' : 'optional';
          io.stdout.write(
            `  ${s.flag.padEnd(14)} $${s.env.padEnd(20)} ${need}${s.secret ? ', secret' : ''}: ${s.description}\n`,
          );
        }
      }
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.exitCode === 0
        ? EXIT.ok
        : EXIT.badInput;
    }
    return reportError(error, io);
  }
}

async function exportAction(opts: Record<string, string | boolean | undefined>, io: Io): Promise<number> {
  const controller = new AbortController();
  const onSignal = () => controller.abort(new AbortError('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let stopEmulator: (() => Promise<void>) | undefined;
  try {
    const provider = providerNamed(str(opts.provider));
    const from = required(str(opts.from), '--from is required: an ISO date such as 2024-01-01.', 'from');
    const to = required(str(opts.to), '--to is required: an ISO date such as 2024-02-01 (exclusive).', 'to');
    const clientOptions: ClientOptions = {};
    const timeZone = str(opts.timeZone);
    if (timeZone) clientOptions.timeZone = timeZone;
    const baseUrl = str(opts.baseUrl);
    if (baseUrl) clientOptions.baseUrl = baseUrl;
    const settings: Record<string, string> = {};
    // Bad dates or `--from` after `--to` are bad input (exit 2), checked before an emulator starts.
    toDateRange({ from, to }, timeZone ?? 'UTC');

    if (opts.emulate) {
      const emu = await startEmulator(provider.name, {
        records: positiveInt(opts.records, '--records'),
        from,
        to,
      });
      stopEmulator = () => emu.close();
      for (const [key, value] of Object.entries(emu.credentials as unknown as Record<string, unknown>))
        settings[key] = String(value);
      if (emu.profileId !== undefined) settings.profileId = String(emu.profileId);
      settings.baseUrl = emu.url;
      clientOptions.baseUrl = emu.url;
    } else {
      if (baseUrl) settings.baseUrl = baseUrl;
      for (const s of provider.settings) {
        const value = str(opts[s.key]) ?? settings[s.key] ?? io.env[s.env];
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

    const progress = createProgress(io.stderr, provider.name);
    const summary = await runExport({
      provider,
      settings,
      clientOptions,
      from,
      to,
      format: opts.format === 'csv' ? 'csv' : 'ndjson',
      raw: opts.raw === true,
      out: str(opts.out),
      resume: str(opts.resume),
      prefetch: positiveInt(opts.prefetch, '--prefetch'),
      signal: controller.signal,
      onProgress: (p) => progress.update(p),
      stdout: io.stdout,
    }).finally(() => progress.stop());
    const seconds = summary.elapsedMs / 1000;
    const rate = seconds > 0 ? Math.round(summary.records / seconds) : summary.records;
    io.stderr.write(
      `${provider.name}: ${summary.records} records, ${summary.pages} pages, ${summary.windows} windows in ${seconds.toFixed(2)} s (${rate} records/s)${summary.out ? ` → ${summary.out}` : ''}${summary.resumed ? ' (resumed)' : ''}\n`,
    );
    return EXIT.ok;
  } catch (error) {
    return reportError(error, io);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stopEmulator?.();
  }
}

/** One line, no stack: the class decides the exit code. */
function reportError(error: unknown, io: Io): number {
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`cdrkit: ${message.split('\n')[0]}\n`);
  if (error instanceof InvalidArgumentError) return EXIT.badInput;
  if (error instanceof AuthenticationError) return EXIT.authentication;
  if (error instanceof NetworkError || error instanceof TimeoutError || error instanceof RateLimitError) {
    return EXIT.transport;
  }
  if (error instanceof ApiError || error instanceof ResponseFormatError) return EXIT.provider;
  if (error instanceof AbortError) return EXIT.interrupted;
  if (error instanceof CdrkitError) return EXIT.unexpected;
  return EXIT.unexpected;
}

function str(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function required(value: string | undefined, message: string, argument: string): string {
  if (value === undefined) throw new InvalidArgumentError(message, { argument });
  return value;
}

function positiveInt(value: string | boolean | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError(`${flag} must be a whole number, 1 or more; got ${String(value)}.`, {
      argument: flag,
    });
  }
  return n;
}

/**
 * The `cdrkit` command, as a function: parses argv, runs, and returns the exit code.
 * @module
 */
import { toDateRange } from '@cdrkit/core';
import { Command, CommanderError, Option } from 'commander';
import {
  abortOnSignals,
  addConnectionOptions,
  type Connection,
  connect,
  EXIT,
  type Flags,
  type Io,
  positiveInt,
  reportError,
  required,
  str,
} from './common.js';
import { runExport } from './export.js';
import { createProgress } from './progress.js';
import { PROVIDERS, providerNamed } from './providers.js';
import { addSyncCommand } from './sync-command.js';

export { EXIT, type Io };

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

  # keep an SQLite file in step (run it from cron; the first run needs --from)
  $ cdrkit sync --provider nimblevox --db cdrs.sqlite --from 2024-01-01

Exit codes: 0 ok, 2 bad input, 3 authentication, 4 network/timeout/rate limit,
5 provider error or malformed answer, 6 database error, 130 interrupted, 1 anything else.
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
    .description(
      'Export call detail records from iPing, TeleCMI, Boxis, MIXvoip or Nimblevox, or keep a database in step.',
    )
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
    );
  addConnectionOptions(exportCommand, {
    prefetch: 'requests kept in flight',
    timeZone: "IANA zone of the provider's naive timestamps",
  });
  exportCommand.addHelpText('after', EXAMPLES).action(async (opts: Flags) => {
    exitCode = await exportAction(opts, io);
  });

  addSyncCommand(program, io, (code) => {
    exitCode = code;
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

async function exportAction(opts: Flags, io: Io): Promise<number> {
  const controller = new AbortController();
  const stopListening = abortOnSignals(controller);
  let connection: Connection | undefined;
  try {
    const provider = providerNamed(str(opts.provider));
    const from = required(str(opts.from), '--from is required: an ISO date such as 2024-01-01.', 'from');
    const to = required(str(opts.to), '--to is required: an ISO date such as 2024-02-01 (exclusive).', 'to');
    // Bad dates or `--from` after `--to` are bad input (exit 2), checked before an emulator starts.
    toDateRange({ from, to }, str(opts.timeZone) ?? 'UTC');
    connection = await connect(provider, opts, io.env, { from, to });
    const { settings, clientOptions } = connection;

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
    stopListening();
    await connection?.close();
  }
}

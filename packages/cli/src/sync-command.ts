/**
 * `cdrkit sync`: keep an SQLite file or a Postgres database in step with one provider account,
 * through `@cdrkit/sync`, with the same credentials, `--emulate` and exit codes as `export`.
 * @module
 */
import { type DateInput, toDate, toDateRange } from '@cdrkit/core';
import {
  accountOf,
  DEFAULT_LOOKBACK,
  openStore,
  parseLookback,
  type Store,
  type SyncSummary,
  sync,
} from '@cdrkit/sync';
import type { Command } from 'commander';
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
import { createSyncProgress } from './progress.js';
import { PROVIDERS, providerNamed } from './providers.js';

/** The emulator's period with `--emulate` when `--from`/`--to` do not say: fixed, so reruns see the same records. */
const EMULATED_FROM = '2024-01-01T00:00:00Z';
const EMULATED_TO = '2024-07-01T00:00:00Z';

const EXAMPLES = `
Examples:
  # try it against the bundled emulator: the second run finds nothing new
  $ cdrkit sync --provider telecmi --db cdrs.sqlite --emulate
  $ cdrkit sync --provider telecmi --db cdrs.sqlite --emulate

  # a real account into SQLite, every 15 minutes from cron (the first run needs --from)
  $ NIMBLEVOX_API_KEY=… cdrkit sync --provider nimblevox --db /var/lib/cdrs.sqlite --from 2024-01-01

  # into Postgres, reading the last 2 hours again on each run
  $ DATABASE_URL=postgres://cdr:…@db.internal/cdrs
  $ cdrkit sync --provider boxis --db "$DATABASE_URL" --lookback 2h

Each run reads [watermark - lookback, now), upserts by (provider, account, id) and moves the
watermark with the last page. A killed run is finished by the next one. Exit codes as for
export; 6 when the database fails.`;

/** Adds `cdrkit sync` to the program; its exit code goes to `setExit`. */
export function addSyncCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  const command = program
    .command('sync')
    .description('Keep an SQLite file or a Postgres database in step with a provider account.')
    .option('--provider <name>', `provider: ${Object.keys(PROVIDERS).join(', ')}`)
    .option('--db <file|url>', 'an SQLite file (created if missing) or a postgres:// URL')
    .option('--from <date>', 'where the first sync starts (needed until the database has a watermark)')
    .option('--to <date>', 'end, exclusive (default: now)')
    .option(
      '--lookback <duration>',
      'how far before the watermark each run reads again: 90m, 24h, 7d',
      DEFAULT_LOOKBACK,
    )
    .option('--full', 'read again from --from whatever the watermark (a backfill or a repair)', false)
    .option('--account <label>', 'the account part of the key (default: derived from the credentials)')
    .option('--json', 'print the summary as one JSON line', false);
  addConnectionOptions(command, {
    prefetch: 'requests kept in flight ahead of the database',
    timeZone: "IANA zone of the provider's naive timestamps, and of --from/--to",
  });
  command.addHelpText('after', EXAMPLES).action(async (opts: Flags) => {
    setExit(await syncAction(opts, io));
  });
}

async function syncAction(opts: Flags, io: Io): Promise<number> {
  const controller = new AbortController();
  const stopListening = abortOnSignals(controller);
  let connection: Connection | undefined;
  let store: Store | undefined;
  try {
    // Everything that can be bad input is checked before the database or an emulator is touched.
    const provider = providerNamed(str(opts.provider));
    const db = required(
      str(opts.db),
      '--db is required: an SQLite file such as cdrs.sqlite, or a postgres:// URL.',
      'db',
    );
    const lookback = str(opts.lookback) ?? DEFAULT_LOOKBACK;
    parseLookback(lookback);
    const timeZone = str(opts.timeZone);
    const zone = timeZone ?? 'UTC';
    let from: DateInput | undefined = str(opts.from) && toDate(str(opts.from) as string, 'from', zone);
    let to: DateInput | undefined = str(opts.to) && toDate(str(opts.to) as string, 'to', zone);
    if (from !== undefined && to !== undefined) toDateRange({ from, to }, zone);
    const prefetch = positiveInt(opts.prefetch, '--prefetch', 0);

    const emulated = { from: from ?? EMULATED_FROM, to: to ?? EMULATED_TO };
    if (opts.emulate) ({ from, to } = emulated);
    connection = await connect(provider, opts, io.env, emulated);
    const { settings, clientOptions } = connection;
    const account = str(opts.account) ?? accountOf(provider.name, settings);
    const operation = provider.operation(settings);

    store = await openStore(db);
    const progress = createSyncProgress(io.stderr, `${provider.name} ${operation}`);
    const summary = await sync({
      source: {
        provider: provider.name,
        account,
        operation,
        list: (request) => provider.list(settings, clientOptions, request),
      },
      store,
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      lookback,
      full: opts.full === true,
      prefetch,
      signal: controller.signal,
      onProgress: (p) => progress.update(p),
    }).finally(() => progress.stop());
    io.stdout.write(opts.json ? `${JSON.stringify(summary)}\n` : describeSummary(summary));
    return EXIT.ok;
  } catch (error) {
    return reportError(error, io);
  } finally {
    stopListening();
    await store?.close();
    await connection?.close();
  }
}

/** One line per run: what changed, and where the watermark stands. */
export function describeSummary(summary: SyncSummary): string {
  const seconds = summary.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(summary.records / seconds) : summary.records;
  const range = summary.from ? `${summary.from} .. ${summary.to}` : 'nothing new to read';
  return (
    `${summary.provider} ${summary.account} ${summary.operation}: ${summary.inserted} inserted, ` +
    `${summary.updated} updated, ${summary.unchanged} unchanged (${summary.records} records, ` +
    `${summary.pages} pages, ${seconds.toFixed(2)} s, ${rate} records/s${summary.resumed ? ', resumed' : ''}); ` +
    `read ${range}; watermark ${summary.watermark ?? 'none'}\n`
  );
}

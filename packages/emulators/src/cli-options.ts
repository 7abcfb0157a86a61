/**
 * Argument parsing of the `cdrkit-emulators` command, apart from the process plumbing so that
 * tests can call it directly.
 */
import { parseArgs } from 'node:util';
import type { EmulatorOptions, Faults } from './options.js';
import { type ProviderName, providerNames } from './types.js';

/** What the command line asks for. */
export interface CliPlan {
  help: boolean;
  json: boolean;
  providers: ProviderName[];
  /** Port per provider (0 = any free port). */
  ports: Record<ProviderName, number>;
  options: EmulatorOptions & { xmlStyle?: 'attribute' | 'element'; linkOrigin?: string };
}

/** The command's help text. */
export const usage = `Usage: cdrkit-emulators [options]

Runs local emulators of the CDR APIs that cdrkit wraps until interrupted (Ctrl+C).

Options:
  -p, --provider <list>        providers to run, comma separated (default: all of
                               ${providerNames.join(', ')})
      --port <n>               port of the first provider; the next ones take n+1, n+2, …
                               (default 0: free ports)
      --ports <list>           ports per provider, e.g. telecmi=4011,boxis=4012
      --host <host>            interface to listen on (default 127.0.0.1)
  -n, --records <n>            records per provider (default 1000)
      --seed <n>               data and fault seed (default 1)
      --from <date>            start of the data period (default 2024-01-01T00:00:00Z)
      --to <date>              end of the data period, exclusive (default 2024-07-01T00:00:00Z)
      --time-zone <zone>       zone of the naive timestamps (default per provider)
      --cors                   answer CORS preflights and allow any origin
      --xml-style <style>      iPing fields as attribute (default) or element
      --link-origin <url>      Nimblevox origin written into links (default: its own URL)
  Faults:
      --latency <ms|min-max>   added latency, e.g. 50 or 20-200
      --server-error-rate <p>  share of 500/502/503 answers (0..1)
      --rate-limit-rate <p>    share of 429 answers (0..1)
      --retry-after <s>        Retry-After of a 429 (default 1)
      --drop-rate <p>          share of connections dropped mid-body
      --truncate-rate <p>      share of bodies cut short
      --malformed-rate <p>     share of syntactically broken bodies
      --clock-skew <s>         Boxis server clock offset, seconds (negative: --clock-skew=-600)
      --insert-after <n>       insert records at the front after n requests
      --insert-count <k>       how many records to insert (default 1)
      --json                   print the emulators as one JSON line instead of a table
  -h, --help                   show this help
`;

function number(name: string, text: string | undefined, check: (n: number) => boolean): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || !check(n))
    throw new RangeError(`--${name}: invalid value "${text}"`);
  return n;
}
const probability = (n: number) => n >= 0 && n <= 1;
const wholeNumber = (n: number) => Number.isInteger(n) && n >= 0;

/** Parses the command's arguments; throws a RangeError that names the bad option. */
export function parseCliArgs(args: readonly string[]): CliPlan {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      provider: { type: 'string', short: 'p' },
      port: { type: 'string' },
      ports: { type: 'string' },
      host: { type: 'string' },
      records: { type: 'string', short: 'n' },
      seed: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'time-zone': { type: 'string' },
      cors: { type: 'boolean' },
      'xml-style': { type: 'string' },
      'link-origin': { type: 'string' },
      latency: { type: 'string' },
      'server-error-rate': { type: 'string' },
      'rate-limit-rate': { type: 'string' },
      'retry-after': { type: 'string' },
      'drop-rate': { type: 'string' },
      'truncate-rate': { type: 'string' },
      'malformed-rate': { type: 'string' },
      'clock-skew': { type: 'string' },
      'insert-after': { type: 'string' },
      'insert-count': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });

  const providers = values.provider
    ? values.provider.split(',').map((p) => p.trim().toLowerCase())
    : [...providerNames];
  for (const p of providers) {
    if (!providerNames.includes(p as ProviderName)) {
      throw new RangeError(`--provider: unknown provider "${p}" (use ${providerNames.join(', ')})`);
    }
  }
  const base = number('port', values.port, (n) => wholeNumber(n) && n <= 65535) ?? 0;
  const ports = Object.fromEntries(
    (providers as ProviderName[]).map((p, i) => [p, base === 0 ? 0 : base + i]),
  ) as Record<ProviderName, number>;
  if (values.ports) {
    for (const entry of values.ports.split(',')) {
      const [name = '', port] = entry.split('=').map((s) => s.trim());
      if (!providerNames.includes(name as ProviderName))
        throw new RangeError(`--ports: unknown provider "${name}"`);
      ports[name as ProviderName] = number('ports', port, (n) => wholeNumber(n) && n <= 65535) as number;
    }
  }

  const faults: Faults = {};
  if (values.latency !== undefined) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(values.latency.trim());
    if (!m) throw new RangeError(`--latency: invalid value "${values.latency}" (use 50 or 20-200)`);
    faults.latencyMs = m[2] === undefined ? Number(m[1]) : [Number(m[1]), Number(m[2])];
  }
  const rates = {
    serverErrorRate: 'server-error-rate',
    rateLimitRate: 'rate-limit-rate',
    dropRate: 'drop-rate',
    truncateRate: 'truncate-rate',
    malformedRate: 'malformed-rate',
  } as const;
  for (const [key, flag] of Object.entries(rates) as [
    keyof typeof rates,
    (typeof rates)[keyof typeof rates],
  ][]) {
    const value = number(flag, values[flag], probability);
    if (value !== undefined) faults[key] = value;
  }
  const retryAfter = number('retry-after', values['retry-after'], wholeNumber);
  if (retryAfter !== undefined) faults.retryAfterSec = retryAfter;
  const skew = number('clock-skew', values['clock-skew'], Number.isFinite);
  if (skew !== undefined) faults.clockSkewSec = skew;
  const insertAfter = number('insert-after', values['insert-after'], wholeNumber);
  if (insertAfter !== undefined) faults.insertAfterRequests = insertAfter;
  const insertCount = number('insert-count', values['insert-count'], wholeNumber);
  if (insertCount !== undefined) faults.insertCount = insertCount;

  const options: CliPlan['options'] = {};
  const records = number('records', values.records, wholeNumber);
  if (records !== undefined) options.records = records;
  const seed = number('seed', values.seed, Number.isFinite);
  if (seed !== undefined) options.seed = seed;
  if (values.from !== undefined)
    options.from = /^-?\d+$/.test(values.from) ? Number(values.from) : values.from;
  if (values.to !== undefined) options.to = /^-?\d+$/.test(values.to) ? Number(values.to) : values.to;
  if (values['time-zone'] !== undefined) options.timeZone = values['time-zone'];
  if (values.host !== undefined) options.host = values.host;
  if (values.cors) options.cors = true;
  if (Object.keys(faults).length > 0) options.faults = faults;
  const xmlStyle = values['xml-style'];
  if (xmlStyle !== undefined) {
    if (xmlStyle !== 'attribute' && xmlStyle !== 'element') {
      throw new RangeError('--xml-style: use attribute or element');
    }
    options.xmlStyle = xmlStyle;
  }
  if (values['link-origin'] !== undefined) options.linkOrigin = values['link-origin'];

  return {
    help: values.help ?? false,
    json: values.json ?? false,
    providers: providers as ProviderName[],
    ports,
    options,
  };
}

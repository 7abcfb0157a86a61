/**
 * Before/after: the per-record cost of an older build of cdrkit (`--before`, a checkout whose
 * packages/<name>/dist is built) against this tree's build, each against the raw loop of
 * lib/raw.mjs, in one process, on one emulator per provider served from a child process.
 *
 *   npx tsx bench/compare.ts [--before=/work/before] [--rounds=5] [--records=50000] [--provider=telecmi]
 *
 * Without --before it measures this tree's build alone against the raw loop (`pnpm compare`).
 *
 * Build both trees first (`pnpm run build`). Per provider and format, one untimed warm-up round,
 * then `rounds` rounds of raw, before, after (before and after swap places every other round),
 * for `for await` over the Paged and for `.records()`; medians of CPU time (process.cpuUsage,
 * user + system) per record and of wall time. Ratios are raw ÷ SDK: above 1, the SDK is cheaper.
 * Prints a Markdown table and writes bench/results/compare.json. With `node --expose-gc
 * --import tsx bench/compare.ts …`, garbage is collected before each timed run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ProviderName } from '@cdrkit/core';
import { type RemoteEmulator, startRemoteEmulator } from './lib/emulator.js';
import type { Range } from './lib/providers.js';
import { RAW_FORMATS } from './lib/raw.mjs';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const count = (name: string, fallback: number) => {
  const n = Number(arg(name) ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
};
const beforeArg = arg('before');
const HERE = resolve(fileURLToPath(new URL('..', import.meta.url)));
/** Without --before, only this tree's build is measured against the raw loop. */
const ROOTS = { before: beforeArg === undefined ? null : resolve(beforeArg), after: HERE };
const ROUNDS = count('rounds', 5);
const RECORDS = count('records', 50_000);
const ONLY = arg('provider');
const RANGE: Range = { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-07-01T00:00:00Z') };
const gc = (globalThis as { gc?: () => void }).gc;

/** What this file calls on a Paged of either version. */
interface PagedLike {
  [Symbol.asyncIterator](): AsyncIterator<unknown>;
  records(): AsyncIterable<unknown>;
}
type ClientClass = new (
  options: Record<string, unknown>,
) => Record<string, ((options: Record<string, unknown>) => PagedLike) | undefined>;

interface Case {
  provider: ProviderName;
  format: string;
  client: string;
  method: string;
  /** The list call's options besides from, to and prefetch: accepted by both versions. */
  options(emu: RemoteEmulator): Record<string, unknown>;
}

const CASES: Case[] = [
  {
    provider: 'telecmi',
    format: 'json',
    client: 'TeleCmiClient',
    method: 'outAnswered',
    options: () => ({ pageSize: 100 }),
  },
  ...['json', 'xml'].map((format) => ({
    provider: 'boxis' as const,
    format,
    client: 'BoxisClient',
    method: 'getCDR',
    options: () => ({ format }),
  })),
  ...['json', 'csv'].map((format) => ({
    provider: 'mixvoip' as const,
    format,
    client: 'MixvoipClient',
    method: 'getCalls',
    options: (emu: RemoteEmulator) => ({ profileId: String(emu.profileId), format }),
  })),
  {
    provider: 'iping',
    format: 'query',
    client: 'IpingClient',
    method: 'getOutboundItems',
    options: () => ({ transport: 'query' }),
  },
  ...['json', 'xml'].map((format) => ({
    provider: 'nimblevox' as const,
    format,
    client: 'NimblevoxClient',
    method: 'listSdrs',
    options: () => ({ pageSize: 500, format }),
  })),
];

type Version = keyof typeof ROOTS;
type Way = 'iterate' | 'records';
interface Sample {
  records: number;
  cpuUs: number;
  wallMs: number;
}
interface Stat {
  cpuUsPerRecord: number;
  wallMs: number;
}
interface CaseResult {
  provider: ProviderName;
  format: string;
  records: number;
  raw: Stat | null;
  /** Per version: medians per way of reading, or why the version could not run. */
  before: { iterate: Stat; records: Stat } | { error: string };
  after: { iterate: Stat; records: Stat } | { error: string };
  error?: string;
}

async function loadClass(root: string, provider: ProviderName, name: string): Promise<ClientClass> {
  const url = pathToFileURL(join(root, 'packages', provider, 'dist/index.js')).href;
  const cls = ((await import(url)) as Record<string, unknown>)[name];
  if (typeof cls !== 'function') throw new Error(`${url} exports no ${name}`);
  return cls as ClientClass;
}

async function measure(run: () => Promise<number>): Promise<Sample> {
  gc?.();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const records = await run();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { records, cpuUs: used.user + used.system, wallMs };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const stat = (samples: Sample[]): Stat => ({
  cpuUsPerRecord: median(samples.map((s) => s.cpuUs / Math.max(1, s.records))),
  wallMs: median(samples.map((s) => s.wallMs)),
});

async function runCase(c: Case, emu: RemoteEmulator): Promise<CaseResult> {
  const raw = RAW_FORMATS[c.provider]?.[c.format];
  if (!raw) throw new Error(`no raw loop for ${c.provider} ${c.format}`);
  const result: CaseResult = {
    provider: c.provider,
    format: c.format,
    records: 0,
    raw: null,
    before: { error: 'not run' },
    after: { error: 'not run' },
  };
  const lists: Partial<Record<Version, () => PagedLike>> = {};
  for (const version of ['before', 'after'] as const) {
    const root = ROOTS[version];
    if (root === null) {
      result[version] = { error: 'n/a: no --before' };
      continue;
    }
    try {
      const Client = await loadClass(root, c.provider, c.client);
      const list = () => {
        const client = new Client({ ...emu.credentials, baseUrl: emu.url });
        const call = client[c.method];
        if (!call) throw new Error(`${c.client} has no ${c.method}`);
        return call.call(client, { from: RANGE.from, to: RANGE.to, prefetch: 1, ...c.options(emu) });
      };
      list(); // throws here when the version refuses an option
      lists[version] = list;
    } catch (error) {
      result[version] = { error: `n/a: ${(error as Error).message}` };
    }
  }
  const ways: Record<Way, (paged: PagedLike) => Promise<number>> = {
    iterate: async (paged) => {
      let n = 0;
      for await (const _ of paged) n++;
      return n;
    },
    records: async (paged) => {
      let n = 0;
      for await (const _ of paged.records()) n++;
      return n;
    },
  };
  const samples = {
    raw: [] as Sample[],
    before: { iterate: [] as Sample[], records: [] as Sample[] },
    after: { iterate: [] as Sample[], records: [] as Sample[] },
  };
  for (let round = 0; round <= ROUNDS; round++) {
    const r = await measure(() => raw(emu, RANGE));
    const counts = [`raw ${r.records}`];
    let agree = true;
    const order: Version[] = round % 2 ? ['after', 'before'] : ['before', 'after'];
    for (const way of ['iterate', 'records'] as const) {
      for (const version of order) {
        const list = lists[version];
        if (!list) continue;
        let s: Sample;
        try {
          s = await measure(() => ways[way](list()));
        } catch (error) {
          if ((error as Error).name !== 'InvalidArgumentError' || round > 0) throw error;
          result[version] = { error: `n/a: ${(error as Error).message}` };
          delete lists[version];
          continue;
        }
        counts.push(`${version} ${way} ${s.records}`);
        if (s.records !== r.records) agree = false;
        if (round > 0) samples[version][way].push(s);
      }
    }
    if (!agree)
      throw new Error(`${c.provider} ${c.format} round ${round}: records differ: ${counts.join(', ')}`);
    result.records = r.records;
    if (round > 0) samples.raw.push(r);
  }
  result.raw = stat(samples.raw);
  for (const version of ['before', 'after'] as const) {
    if (lists[version])
      result[version] = { iterate: stat(samples[version].iterate), records: stat(samples[version].records) };
  }
  return result;
}

const f2 = (n: number) => n.toFixed(2);
const cell = (r: CaseResult, version: Version, show: (s: Stat) => string, way: Way) => {
  const v = r[version];
  return 'error' in v ? 'n/a' : show(v[way]);
};
function row(r: CaseResult): string {
  if (!r.raw) return `| ${r.provider} | ${r.format} | FAILED: ${r.error} |`;
  const raw = r.raw;
  const parts = [r.provider, r.format, r.records.toLocaleString('en-US'), f2(raw.cpuUsPerRecord)];
  for (const way of ['iterate', 'records'] as const) {
    if (way === 'records') parts.push('');
    parts.push(
      cell(r, 'before', (s) => f2(s.cpuUsPerRecord), way),
      cell(r, 'after', (s) => f2(s.cpuUsPerRecord), way),
      cell(r, 'before', (s) => f2(raw.cpuUsPerRecord / s.cpuUsPerRecord), way),
      cell(r, 'after', (s) => f2(raw.cpuUsPerRecord / s.cpuUsPerRecord), way),
      cell(r, 'before', (s) => f2(raw.wallMs / s.wallMs), way),
      cell(r, 'after', (s) => f2(raw.wallMs / s.wallMs), way),
    );
  }
  return `| ${parts.join(' | ')} |`;
}

const git = (root: string | null) => {
  if (root === null) return 'none';
  try {
    const head = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
    const dirty = execFileSync('git', ['-C', root, 'status', '--porcelain', '--', 'packages'], {
      encoding: 'utf8',
    });
    return `${head.trim()}${dirty.trim() ? ' + uncommitted changes' : ''}`;
  } catch {
    return 'unknown';
  }
};
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  node: process.version,
  date: new Date().toISOString(),
};
const commits = { before: git(ROOTS.before), after: git(ROOTS.after) };
process.stderr.write(
  `compare: before ${ROOTS.before} (${commits.before}), after ${ROOTS.after} (${commits.after}); ${RECORDS} records, ${ROUNDS} rounds${gc ? ', gc between runs' : ''}\n`,
);

const results: CaseResult[] = [];
const providers = [...new Set(CASES.map((c) => c.provider))].filter((p) => !ONLY || p === ONLY);
if (providers.length === 0) throw new Error(`unknown --provider=${ONLY}`);
for (const provider of providers) {
  const emu = await startRemoteEmulator(provider, { records: RECORDS, from: RANGE.from, to: RANGE.to });
  try {
    for (const c of CASES.filter((x) => x.provider === provider)) {
      try {
        results.push(await runCase(c, emu));
      } catch (error) {
        const message = (error as Error).message;
        process.stderr.write(`\n!!! ${c.provider} ${c.format} FAILED: ${message}\n\n`);
        results.push({
          provider,
          format: c.format,
          records: 0,
          raw: null,
          before: { error: 'not run' },
          after: { error: 'not run' },
          error: message,
        });
        continue;
      }
      const last = results.at(-1);
      if (last) process.stderr.write(`  ${row(last)}\n`);
    }
  } finally {
    await emu.close();
  }
}

console.log(`
Before ${commits.before}, after ${commits.after}; ${RECORDS.toLocaleString('en-US')} records per provider, median of ${ROUNDS} rounds. CPU µs per record; ratios raw ÷ SDK (above 1: the SDK costs less than raw).

| provider | format | records | CPU µs/rec raw | before | after | CPU raw÷before | raw÷after | wall raw÷before | raw÷after | records(): | CPU µs/rec before | after | CPU raw÷before | raw÷after | wall raw÷before | raw÷after |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|
${results.map(row).join('\n')}
`);
mkdirSync(fileURLToPath(new URL('results', import.meta.url)), { recursive: true });
writeFileSync(
  fileURLToPath(new URL('results/compare.json', import.meta.url)),
  `${JSON.stringify({ machine, roots: ROOTS, commits, records: RECORDS, rounds: ROUNDS, range: RANGE, results }, null, 2)}\n`,
);
const failed = results.filter((r) => r.error);
if (failed.length > 0) {
  console.error(`FAILED: ${failed.map((r) => `${r.provider} ${r.format}: ${r.error}`).join('\n')}`);
  process.exitCode = 1;
}

/**
 * cdrkit benchmarks: SDK against a raw fetch loop on loopback, memory over a million records,
 * prefetch under latency, and import cost. `pnpm bench` for a full run (writes
 * bench/results/latest.json and docs/benchmarks.md), `pnpm bench --quick` for a smoke run.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ProviderName } from '@cdrkit/core';
import { type RemoteEmulator, startRemoteEmulator } from './lib/emulator.js';
import { BENCHES, type Bench, type Range } from './lib/providers.js';

const run = promisify(execFile);
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--provider='))?.slice('--provider='.length);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const THROUGHPUT_RECORDS = quick ? 10_000 : 200_000;
const MEMORY_RECORDS = quick ? [5_000, 15_000] : [100_000, 1_000_000];
const RANGE: Range = { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-07-01T00:00:00Z') };
const PREFETCH = [1, 2, 4, 8];
const LATENCY_MS = 20;

/** Records per request in the prefetch runs: small pages, so that the wait, not parsing, dominates. */
const PREFETCH_PAGE = 20;
/** Requests per prefetch run: 100, or 30 in --quick mode (the run stops after as many records). */
const PREFETCH_REQUESTS = quick ? 30 : 100;

/** A range and data set that make 100 requests of 20 records for each provider's list call. */
const HUNDRED_REQUESTS: Record<ProviderName, { records: number; range: Range }> = {
  telecmi: { records: 2_000, range: RANGE }, // 100 pages of 20
  iping: {
    records: 2_000,
    range: { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-01-02T00:00:00Z') },
  }, // one day: 100 pages of 20
  nimblevox: {
    records: 2_000,
    range: { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-03-01T00:00:00Z') },
  }, // one window: 100 pages of 20
  boxis: {
    records: 2_000,
    range: { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-04-10T00:00:00Z') },
  }, // 100 day windows of 20
  mixvoip: {
    records: 2_000,
    range: { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2025-01-01T00:00:00Z') },
  }, // 100 three-month windows of 20
};

/**
 * The range of the memory runs. Providers that page within a window get the fixed six months.
 * Boxis and MIXvoip have no paging: one answer holds a whole window, so at a fixed range a
 * million records would make each answer ten times larger, which measures the data density,
 * not the SDK. For them the density is fixed (about 1,000 records per one-day Boxis window,
 * 10,000 per three-month MIXvoip window) and the range grows with the count.
 */
function memoryRange(provider: ProviderName, count: number): Range {
  const from = new Date('2000-01-01T00:00:00Z');
  if (provider === 'boxis')
    return { from, to: new Date(from.getTime() + Math.ceil(count / 1000) * 86_400_000) };
  if (provider === 'mixvoip') {
    const to = new Date(from);
    to.setUTCMonth(to.getUTCMonth() + 3 * Math.ceil(count / 10_000));
    return { from, to };
  }
  return RANGE;
}

interface ProviderResult {
  provider: ProviderName;
  format: 'json' | 'xml';
  records: number;
  rawPerSec: number;
  sdkPerSec: number;
  sdkRecordsPerSec: number;
  ratio: number;
  recordsRatio: number;
  /** Peak RSS of the SDK's records() and of the raw loop, each in a fresh process. */
  memory: { records: number; peakRssMb: number; rawPeakRssMb: number }[];
  memoryGrowth: number;
  rawMemoryGrowth: number;
  prefetchMs: Record<string, number>;
  prefetchSpeedup4: number;
  importMs: number;
  firstPageMs: number;
}

async function time<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - started) / 1000 };
}

async function countItems(
  bench: Bench,
  emu: RemoteEmulator,
  range: Range,
  prefetch = 1,
  pageSize?: number,
  max = Number.POSITIVE_INFINITY,
): Promise<number> {
  let n = 0;
  for await (const _ of bench.sdk(emu, range, prefetch, pageSize)) {
    if (++n >= max) break;
  }
  return n;
}

async function countRecords(bench: Bench, emu: RemoteEmulator, range: Range): Promise<number> {
  let n = 0;
  for await (const record of bench.sdk(emu, range, 1).records()) if (record.id) n++;
  return n;
}

async function child(
  script: string,
  provider: ProviderName,
  emu: RemoteEmulator,
  range: Range,
  ...rest: string[]
) {
  const { stdout } = await run(
    process.execPath,
    [here(script), provider, JSON.stringify(emu), JSON.stringify(range), ...rest],
    {
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(stdout) as Record<string, number>;
}

async function benchProvider(bench: Bench): Promise<ProviderResult> {
  const log = (what: string) => process.stderr.write(`  ${bench.provider}: ${what}\n`);
  let emu = await startRemoteEmulator(bench.provider, {
    records: THROUGHPUT_RECORDS,
    from: RANGE.from,
    to: RANGE.to,
  });
  // Round 0 warms every path (JIT, emulator caches) untimed; then raw and SDK alternate, and
  // the best time of each counts.
  const rounds = quick ? 1 : 2;
  let raw = Number.POSITIVE_INFINITY;
  let sdk = Number.POSITIVE_INFINITY;
  let sdkRecords = Number.POSITIVE_INFINITY;
  let records = 0;
  for (let round = 0; round <= rounds; round++) {
    const r = await time(() => bench.raw(emu, RANGE));
    const s = await time(() => countItems(bench, emu, RANGE));
    const n = await time(() => countRecords(bench, emu, RANGE));
    if (r.value !== s.value || s.value !== n.value) {
      throw new Error(
        `${bench.provider}: raw saw ${r.value} records, the SDK ${s.value}, records() ${n.value}`,
      );
    }
    records = s.value;
    if (round === 0) continue;
    raw = Math.min(raw, r.seconds);
    sdk = Math.min(sdk, s.seconds);
    sdkRecords = Math.min(sdkRecords, n.seconds);
  }
  log(
    `throughput over ${records} records: raw ${Math.round(records / raw)}/s, SDK ${Math.round(records / sdk)}/s`,
  );
  const imported = await child('lib/import-child.mjs', bench.provider, emu, RANGE);
  await emu.close();

  const memory: ProviderResult['memory'] = [];
  for (const count of MEMORY_RECORDS) {
    const range = memoryRange(bench.provider, count);
    emu = await startRemoteEmulator(bench.provider, { records: count, from: range.from, to: range.to });
    const m = await child('lib/memory-child.mjs', bench.provider, emu, range, 'sdk');
    const r = await child('lib/memory-child.mjs', bench.provider, emu, range, 'raw');
    await emu.close();
    if (r.records !== m.records) {
      throw new Error(`${bench.provider}: the raw loop saw ${r.records} records, the SDK ${m.records}`);
    }
    memory.push({ records: m.records ?? 0, peakRssMb: m.peakRssMb ?? 0, rawPeakRssMb: r.peakRssMb ?? 0 });
    log(
      `peak RSS over ${m.records} records: SDK ${m.peakRssMb?.toFixed(1)} MB, raw ${r.peakRssMb?.toFixed(1)} MB`,
    );
  }

  const setup = HUNDRED_REQUESTS[bench.provider];
  emu = await startRemoteEmulator(bench.provider, {
    records: setup.records,
    from: setup.range.from,
    to: setup.range.to,
    faults: { latencyMs: LATENCY_MS },
  });
  const prefetchMs: Record<string, number> = {};
  for (const prefetch of PREFETCH) {
    const t = await time(() =>
      countItems(bench, emu, setup.range, prefetch, PREFETCH_PAGE, PREFETCH_REQUESTS * PREFETCH_PAGE),
    );
    prefetchMs[prefetch] = t.seconds * 1000;
  }
  await emu.close();
  log(
    `${PREFETCH_REQUESTS} requests of ${PREFETCH_PAGE} records at ${LATENCY_MS} ms: ${PREFETCH.map((p) => `prefetch ${p} ${Math.round(prefetchMs[p] ?? 0)} ms`).join(', ')}`,
  );

  const [small, large] = memory;
  return {
    provider: bench.provider,
    format: bench.format,
    records,
    rawPerSec: records / raw,
    sdkPerSec: records / sdk,
    sdkRecordsPerSec: records / sdkRecords,
    ratio: raw / sdk,
    recordsRatio: raw / sdkRecords,
    memory,
    memoryGrowth: small && large ? large.peakRssMb / small.peakRssMb : Number.NaN,
    rawMemoryGrowth: small && large ? large.rawPeakRssMb / small.rawPeakRssMb : Number.NaN,
    prefetchMs,
    prefetchSpeedup4: (prefetchMs[1] ?? 0) / (prefetchMs[4] ?? 1),
    importMs: imported.importMs ?? 0,
    firstPageMs: imported.firstPageMs ?? 0,
  };
}

const f0 = (n: number) => Math.round(n).toLocaleString('en-US');
const f2 = (n: number) => n.toFixed(2);

function table(results: ProviderResult[]): string {
  const rows = [
    '| provider | format | records | raw rec/s | SDK rec/s | SDK/raw | records() rec/s | records()/raw | SDK peak RSS small → large (MB) | growth | raw peak RSS (MB) | raw growth | prefetch 1 / 2 / 4 / 8 (ms) | p4 speed-up | import (ms) | first page (ms) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|---:|---|---:|---|---:|---:|---:|',
  ];
  for (const r of results) {
    rows.push(
      `| ${r.provider} | ${r.format} | ${f0(r.records)} | ${f0(r.rawPerSec)} | ${f0(r.sdkPerSec)} | ${f2(r.ratio)} | ${f0(r.sdkRecordsPerSec)} | ${f2(r.recordsRatio)} | ${r.memory.map((m) => `${m.peakRssMb.toFixed(0)} (${f0(m.records)})`).join(' → ')} | ${f2(r.memoryGrowth)}× | ${r.memory.map((m) => m.rawPeakRssMb.toFixed(0)).join(' → ')} | ${f2(r.rawMemoryGrowth)}× | ${PREFETCH.map((p) => f0(r.prefetchMs[p] ?? 0)).join(' / ')} | ${f2(r.prefetchSpeedup4)}× | ${r.importMs.toFixed(0)} | ${r.firstPageMs.toFixed(0)} |`,
    );
  }
  return rows.join('\n');
}

/**
 * Issue 21's targets for memory and prefetch. Throughput is judged on CPU time per record, which
 * `pnpm compare` measures; the wall-clock ratio here is shown, not judged (it moves ±0.15 between runs).
 */
function targets(results: ProviderResult[]): string[] {
  return results.flatMap((r) => {
    const large = r.memory.at(-1);
    const sdkOverRaw = (large?.peakRssMb ?? 0) / (large?.rawPeakRssMb ?? 1);
    const memoryHolds = sdkOverRaw <= 1.1 && r.memoryGrowth <= 1.05;
    return [
      `${r.provider}: wall-clock SDK/raw ${f2(r.ratio)}, records()/raw ${f2(r.recordsRatio)} (CPU per record: pnpm compare)`,
      `${r.provider}: peak RSS ${large?.peakRssMb.toFixed(0)} MB for ${f0(large?.records ?? 0)} records, ${f2(sdkOverRaw)}× the raw loop's ${large?.rawPeakRssMb.toFixed(0)} MB (target ≤ 1.1×), growth ${f2(r.memoryGrowth)}× (target ≤ 1.05×; raw ${f2(r.rawMemoryGrowth)}×) ${memoryHolds ? 'holds' : 'MISSED'}`,
      `${r.provider}: prefetch 4 is ${f2(r.prefetchSpeedup4)}× faster than prefetch 1 (target ≥ 3.5×) ${r.prefetchSpeedup4 >= 3.5 ? 'holds' : 'MISSED'}`,
    ];
  });
}

function bars(results: ProviderResult[]): string {
  const max = Math.max(...results.flatMap((r) => [r.rawPerSec, r.sdkPerSec]));
  const bar = (n: number) => '█'.repeat(Math.max(1, Math.round((n / max) * 40)));
  return results
    .flatMap((r) => [
      `${r.provider.padEnd(10)} raw ${bar(r.rawPerSec)} ${f0(r.rawPerSec)}/s`,
      `${''.padEnd(10)} sdk ${bar(r.sdkPerSec)} ${f0(r.sdkPerSec)}/s`,
    ])
    .join('\n');
}

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  date: new Date().toISOString(),
};
process.stderr.write(
  `cdrkit bench${quick ? ' --quick' : ''}: ${machine.node}, ${machine.cores} × ${machine.cpu}\n`,
);
const results: ProviderResult[] = [];
for (const bench of BENCHES) {
  if (onlyArg && bench.provider !== onlyArg) continue;
  results.push(await benchProvider(bench));
}

console.log(`\n${table(results)}\n`);
console.log(targets(results).join('\n'));
console.log(`\n${bars(results)}`);

mkdirSync(here('results'), { recursive: true });
const output = { machine, quick, throughputRecords: THROUGHPUT_RECORDS, latencyMs: LATENCY_MS, results };
writeFileSync(
  here(quick ? 'results/quick.json' : 'results/latest.json'),
  `${JSON.stringify(output, null, 2)}\n`,
);
if (!quick && !onlyArg) {
  // The figures go between the markers; what is written around them by hand (the reading of
  // the profiles) stays.
  const doc = here('../docs/benchmarks.md');
  const START = '<!-- bench:start -->';
  const END = '<!-- bench:end -->';
  const figures = `Machine: ${machine.cores} × ${machine.cpu}, ${machine.memoryGb} GB, ${machine.platform}, Node ${machine.node}, ${machine.date.slice(0, 10)}.
Throughput over ${f0(THROUGHPUT_RECORDS)} records per provider (after a warm-up round, best of 2, raw and SDK alternating); peak RSS of a client process iterating
${MEMORY_RECORDS.map(f0).join(' and ')} records through \`records()\` (six months, except Boxis and MIXvoip, which
have no paging: for them the records per window are fixed and the range grows with the count); prefetch: wall time of ${PREFETCH_REQUESTS} requests of
${PREFETCH_PAGE} records with ${LATENCY_MS} ms of latency added per request; import: a fresh Node process importing the provider package, and
reaching the first page. Raw figures: [bench/results/latest.json](../bench/results/latest.json).

${table(results)}

## Targets

${targets(results)
  .map((line) => `- ${line}`)
  .join('\n')}

## Throughput

\`\`\`
${bars(results)}
\`\`\`
`;
  const old = existsSync(doc) ? readFileSync(doc, 'utf8') : '';
  const at = old.indexOf(START);
  const until = old.indexOf(END);
  writeFileSync(
    doc,
    at !== -1 && until > at
      ? `${old.slice(0, at + START.length)}\n${figures}${old.slice(until)}`
      : `# Benchmarks

What cdrkit costs on top of a hand-written fetch loop, measured by \`pnpm bench\` (bench/run.ts) against the
emulators on loopback, each emulator in its own process. Raw baseline: a fetch loop with \`JSON.parse\` (or
fast-xml-parser for iPing), no validation, no normalization. SDK: validated records through \`for await\`, and
normalized through \`records()\`. Ratios above 1 mean the SDK is faster (it fetches the next page while the
current one is consumed).

${START}\n${figures}${END}\n`,
  );
}

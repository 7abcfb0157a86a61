#!/usr/bin/env node
// Serves 1,000,000 Nimblevox SDRs page by page (max=500, following `next` within 90-day windows)
// from the built emulator running in a child process, and reports the child's peak RSS.
// Needs the build: `cd packages/emulators && npx tsdown && node test/rss-million.mjs`.
// Exits 1 if the peak RSS reaches 200 MB or a record is missing or repeated.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const RECORDS = 1_000_000;
const LIMIT_MB = 200;
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('dist/cli.js is missing: run `npx tsdown` in packages/emulators first');
  process.exit(2);
}

const child = spawn(
  process.execPath,
  [
    cli,
    '--json',
    '--provider',
    'nimblevox',
    '--records',
    String(RECORDS),
    '--from',
    '2024-01-01T00:00:00Z',
    '--to',
    '2024-07-01T00:00:00Z',
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const [emulator] = JSON.parse(
  await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve)),
);

/** Peak RSS of the child in MB: VmHWM on Linux, else the largest `ps` sample. */
let sampledPeakKb = 0;
function peakRssMb() {
  const status = `/proc/${child.pid}/status`;
  if (existsSync(status)) {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'));
    if (match) return Number(match[1]) / 1024;
  }
  return sampledPeakKb / 1024;
}
const sampler =
  process.platform === 'linux'
    ? null
    : setInterval(() => {
        const ps = spawn('ps', ['-o', 'rss=', '-p', String(child.pid)]);
        let out = '';
        ps.stdout.on('data', (d) => {
          out += d;
        });
        ps.on('close', () => {
          sampledPeakKb = Math.max(sampledPeakKb, Number(out.trim()) || 0);
        });
      }, 100);

const seen = new Uint8Array(RECORDS);
let served = 0;
let pages = 0;
const began = performance.now();
const windows = [
  ['2024-01-01T00:00:00', '2024-03-30T23:59:59'],
  ['2024-03-31T00:00:00', '2024-06-28T23:59:59'],
  ['2024-06-29T00:00:00', '2024-07-01T00:00:00'],
];
for (const [startDate, endDate] of windows) {
  let url = `${emulator.url}/sdr?startDate=${startDate}&endDate=${endDate}&max=500`;
  while (url) {
    const res = await fetch(`${url}&apiKey=${emulator.credentials.apiKey}`);
    if (res.status !== 200) throw new Error(`HTTP ${res.status} for ${url}`);
    const page = await res.json();
    for (const sdr of page.sdrs) {
      const index = sdr.id - 1001;
      if (seen[index]) throw new Error(`SDR ${sdr.id} served twice`);
      seen[index] = 1;
      served++;
    }
    pages++;
    url = page.next;
  }
}
const seconds = (performance.now() - began) / 1000;
const peak = peakRssMb();
if (sampler) clearInterval(sampler);
child.kill('SIGTERM');

console.log(
  `served ${served.toLocaleString('en')} records in ${pages} pages in ${seconds.toFixed(1)} s; ` +
    `emulator peak RSS ${peak.toFixed(1)} MB (limit ${LIMIT_MB} MB)`,
);
if (served !== RECORDS) {
  console.error(`expected ${RECORDS} records`);
  process.exit(1);
}
if (!(peak > 0 && peak < LIMIT_MB)) process.exit(1);

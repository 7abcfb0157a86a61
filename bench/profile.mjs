// Profiles one provider's SDK iteration against its emulator in a child process:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile.mjs mixvoip 200000 [items|records|raw]
// (`raw`: the raw loop of lib/raw.mjs instead of the SDK, to diff against)
// then: node bench/lib/summarize-profile.mjs /tmp/prof/*.cpuprofile
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadListCall } from './lib/clients.mjs';
import { RAW } from './lib/raw.mjs';

const [provider = 'mixvoip', count = '200000', mode = 'records'] = process.argv.slice(2);
const range = { from: '2024-01-01T00:00:00.000Z', to: '2024-07-01T00:00:00.000Z' };
const child = spawn(
  process.execPath,
  [
    fileURLToPath(new URL('./lib/emulator-child.mjs', import.meta.url)),
    provider,
    JSON.stringify({ records: Number(count), ...range }),
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const line = await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
const emu = JSON.parse(line);
const listCall = await loadListCall(provider);
for (let round = 0; round < 2; round++) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let n = 0;
  if (mode === 'raw') n = await RAW[provider](emu, { from: new Date(range.from), to: new Date(range.to) });
  const paged = mode === 'raw' ? [] : listCall(emu, range);
  if (mode === 'records') for await (const record of paged.records()) n += record.id ? 1 : 0;
  else for await (const item of paged) n += item ? 1 : 0;
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuUs = (used.user + used.system) / n;
  console.log(
    `${provider} ${mode}: ${n} in ${seconds.toFixed(2)} s = ${Math.round(n / seconds)}/s, client CPU ${cpuUs.toFixed(1)} µs per record`,
  );
}
child.kill('SIGTERM');

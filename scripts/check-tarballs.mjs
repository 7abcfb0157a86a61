#!/usr/bin/env node
/**
 * Checks what npm users will get, from the tarballs themselves rather than the workspace.
 *
 * Packs every publishable package with `pnpm pack` (which turns `workspace:*` into real versions),
 * installs all tarballs at once with npm into a scratch project in the OS temp folder (outside the
 * workspace, so nothing resolves through its node_modules; `@cdrkit/core` resolves to the local
 * tarball, ky/zod/… come from the registry), then checks:
 *
 *   1. contents: no tests, fixtures, sources, source maps or configs; every `exports`, `main`,
 *      `types` and `bin` target present; no `workspace:` range left in the packed package.json;
 *   2. runtime: every export entry imports from ESM in Node (and from CJS when a package ships a
 *      `require` condition: none does today); the `cdrkit` bin answers `--help`; the five clients
 *      read a first week from the packed emulators, and their bad-input errors are core's classes;
 *   3. types: a file that constructs and uses every client typechecks with `tsc --noEmit` under
 *      `moduleResolution` nodenext and bundler (with @types/node), and the browser-side packages
 *      (core and the providers) also under bundler with only the DOM lib, no Node types;
 *   4. docs: every code block marked `<!-- check-tarballs: name.ts|name.mjs -->` in
 *      docs/getting-started.md and the packages' READMEs typechecks like (3), and a `.mjs` one also
 *      runs, so the getting-started script and the README examples keep working.
 *
 * Run it after `pnpm build`: `node scripts/check-tarballs.mjs` (`--keep` keeps the scratch folder).
 * Exits 1 with the list of failures, 0 after a summary when everything holds.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const started = Date.now();

/** Names each entry must export at run time: a smoke test that the bundle holds the public API. */
const EXPECTED_EXPORTS = {
  '@cdrkit/core': [
    'CdrkitError',
    'InvalidArgumentError',
    'AuthenticationError',
    'RateLimitError',
    'ApiError',
    'ResponseFormatError',
    'NetworkError',
    'TimeoutError',
    'AbortError',
    'callRecordSchema',
  ],
  '@cdrkit/core/xml': ['createXmlParser'],
  '@cdrkit/core/provider': ['HttpClient', 'windowedPaged', 'createPaged', 'requireRange'],
  '@cdrkit/telecmi': ['TeleCmiClient', 'toCallRecord'],
  '@cdrkit/boxis': ['BoxisClient', 'toCallRecord'],
  '@cdrkit/mixvoip': ['MixvoipClient', 'toCallRecord'],
  '@cdrkit/iping': ['IpingClient', 'toCallRecord'],
  '@cdrkit/nimblevox': ['NimblevoxClient', 'toCallRecord'],
  '@cdrkit/emulators': ['startEmulator', 'startEmulators'],
  '@cdrkit/cli': ['main', 'runExport'],
  '@cdrkit/sync': ['sync', 'openStore', 'sqliteStore', 'postgresStore', 'accountOf', 'StoreError'],
};

/** Packages meant to run in browsers and edge runtimes: their types must not need Node's. */
const BROWSER_PACKAGES = [
  '@cdrkit/core',
  '@cdrkit/telecmi',
  '@cdrkit/boxis',
  '@cdrkit/mixvoip',
  '@cdrkit/iping',
  '@cdrkit/nimblevox',
];

/** What a tarball may hold besides dist/: npm adds package.json, README and LICENSE on its own. */
const ALLOWED_FILES = /^(dist\/.+|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/;
/** What no tarball may hold, even under dist/. */
const FORBIDDEN_FILES = [
  [/(^|\/)(src|test|tests|__tests__|fixtures)\//, 'sources, tests or fixtures'],
  [/\.(test|spec|test-d)\.[cm]?[jt]sx?$/, 'a test file'],
  [/\.map$/, 'a source map'],
  [/\.tsbuildinfo$|(^|\/)tsconfig[^/]*\.json$|(^|\/)tsdown\.config\./, 'build configuration'],
];

const failures = [];
const summary = new Map();

function fail(pkg, message) {
  failures.push(`${pkg}: ${message}`);
  const row = summary.get(pkg);
  if (row) row.ok = false;
}

function log(message) {
  console.log(`[check-tarballs ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);
}

/** Runs a command without a shell; resolves with its exit code and output, never rejects. */
function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? root,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: `${stderr}${error.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? `killed by ${signal}` : -1), stdout, stderr });
    });
  });
}

/** The last lines of a command's output, for a failure message that says what went wrong. */
function tail(result, lines = 25) {
  const text = `${result.stdout}\n${result.stderr}`
    .split('\n')
    .filter((line) => line.trim() && !/^npm warn Unknown (user|env) config/i.test(line))
    .slice(-lines)
    .join('\n');
  return text ? `\n${text.replace(/^/gm, '    ')}` : '';
}

/** pnpm as the caller runs it: the one that started us under `pnpm run`, else pnpm 10 via npx. */
function pnpmCommand() {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(path.basename(execPath))) return [process.execPath, [execPath]];
  return ['npx', ['-y', 'pnpm@10']];
}

/** Every string target under an `exports` value, whatever its nesting of conditions. */
function exportTargets(value) {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(exportTargets);
  if (value && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

/** True when an `exports` value offers a `require` condition somewhere. */
function hasRequireCondition(value) {
  if (!value || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, inner]) => key === 'require' || hasRequireCondition(inner));
}

function normalizeTarget(target) {
  return target.replace(/^\.\//, '');
}

/** Markdown files whose marked code blocks are checked: the getting-started page and every README. */
async function readDocSnippets(packages) {
  const sources = [
    path.join(root, 'docs', 'getting-started.md'),
    ...packages.map((pkg) => path.join(pkg.dir, 'README.md')),
  ];
  const snippets = [];
  for (const source of sources) {
    const text = await readFile(source, 'utf8').catch(() => '');
    for (const match of text.matchAll(
      /<!-- check-tarballs: ([\w.-]+\.(?:ts|mjs)) -->\s*```[a-z]*\n([\s\S]*?)```/g,
    )) {
      snippets.push({ source: path.relative(root, source), name: match[1], code: match[2] });
    }
  }
  return snippets;
}

async function readPublishablePackages() {
  const packagesDir = path.join(root, 'packages');
  const found = [];
  for (const entry of (await readdir(packagesDir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(packagesDir, entry.name);
    const manifestPath = path.join(dir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    if (manifest.private) continue;
    found.push({ dir, manifest, name: manifest.name });
  }
  return found;
}

/** The entry points a package offers: `name` for ".", `name/sub` for "./sub"; package.json left out. */
function entrySpecifiers(manifest) {
  if (!manifest.exports) return [manifest.name];
  if (typeof manifest.exports === 'string' || Array.isArray(manifest.exports)) return [manifest.name];
  const keys = Object.keys(manifest.exports);
  if (!keys.every((key) => key.startsWith('.'))) return [manifest.name]; // conditions only
  return keys
    .filter((key) => key !== './package.json' && !key.includes('*'))
    .map((key) => (key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`));
}

/** Packs every package in one recursive pnpm call; resolves with name → { filename, files } or null. */
async function packAll(packages, destination) {
  const [command, prefix] = pnpmCommand();
  const filters = packages.flatMap((pkg) => ['--filter', pkg.name]);
  const result = await run(command, [
    ...prefix,
    '--recursive',
    ...filters,
    'pack',
    '--json',
    '--pack-destination',
    destination,
  ]);
  if (result.code !== 0) {
    fail('pnpm pack', `packing failed (exit ${result.code})${tail(result)}`);
    return null;
  }
  try {
    const output = JSON.parse(result.stdout.slice(result.stdout.search(/[[{]/)));
    const packed = new Map();
    for (const entry of Array.isArray(output) ? output : [output]) {
      packed.set(entry.name, {
        filename: entry.filename,
        files: entry.files.map((file) => file.path).sort(),
      });
    }
    return packed;
  } catch {
    fail('pnpm pack', `could not read the output of pnpm pack --json${tail(result)}`);
    return null;
  }
}

function checkContents(pkg, files) {
  const present = new Set(files);
  for (const file of files) {
    for (const [pattern, what] of FORBIDDEN_FILES) {
      if (pattern.test(file)) fail(pkg.name, `the tarball holds ${what}: ${file}`);
    }
    if (!ALLOWED_FILES.test(file)) fail(pkg.name, `the tarball holds ${file}, which users do not need`);
  }
  for (const required of ['package.json', 'README.md', 'LICENSE']) {
    if (!present.has(required)) fail(pkg.name, `the tarball has no ${required}`);
  }
  const { manifest } = pkg;
  const targets = [
    ...exportTargets(manifest.exports).map((target) => ['exports', target]),
    ...['main', 'module', 'types', 'typings']
      .filter((field) => typeof manifest[field] === 'string')
      .map((field) => [field, manifest[field]]),
    ...(typeof manifest.bin === 'string'
      ? [['bin', manifest.bin]]
      : Object.values(manifest.bin ?? {}).map((target) => ['bin', target])),
  ];
  for (const [field, target] of targets) {
    if (!present.has(normalizeTarget(target))) {
      fail(pkg.name, `${field} points at ${target}, which the tarball does not hold (did the build run?)`);
    }
  }
}

async function checkInstalledManifest(pkg, scratch) {
  const installedDir = path.join(scratch, 'node_modules', ...pkg.name.split('/'));
  const manifest = JSON.parse(await readFile(path.join(installedDir, 'package.json'), 'utf8'));
  if (manifest.version !== pkg.manifest.version) {
    fail(pkg.name, `installed version ${manifest.version}, expected ${pkg.manifest.version}`);
  }
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (String(range).startsWith('workspace:')) {
        fail(pkg.name, `the packed ${field} still say ${name}@${range}: publish with pnpm, not npm`);
      }
    }
  }
  const bins =
    typeof manifest.bin === 'string' ? { [pkg.name.split('/').pop()]: manifest.bin } : manifest.bin;
  for (const [binName, target] of Object.entries(bins ?? {})) {
    const text = await readFile(path.join(installedDir, target), 'utf8').catch(() => '');
    if (!text.startsWith('#!/usr/bin/env node')) {
      fail(pkg.name, `bin ${binName} (${target}) does not start with "#!/usr/bin/env node"`);
    }
  }
  return manifest;
}

async function checkImports(pkg, manifest, scratch) {
  for (const specifier of entrySpecifiers(manifest)) {
    const expected = EXPECTED_EXPORTS[specifier] ?? [];
    const script = `
      const m = await import(${JSON.stringify(specifier)});
      const names = Object.keys(m);
      if (names.length === 0) throw new Error('the module exports nothing');
      const missing = ${JSON.stringify(expected)}.filter((name) => !(name in m));
      if (missing.length) throw new Error('missing exports: ' + missing.join(', '));
    `;
    const esm = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: scratch });
    if (esm.code !== 0) fail(pkg.name, `import('${specifier}') from ESM failed${tail(esm, 12)}`);
    else summary.get(pkg.name).entries.push(specifier);
  }
  if (hasRequireCondition(manifest.exports) || /\.cjs$/.test(manifest.main ?? '')) {
    for (const specifier of entrySpecifiers(manifest)) {
      const cjs = await run(
        process.execPath,
        [
          '-e',
          `const m = require(${JSON.stringify(specifier)}); if (!Object.keys(m).length) process.exit(1);`,
        ],
        { cwd: scratch },
      );
      if (cjs.code !== 0) fail(pkg.name, `require('${specifier}') from CJS failed${tail(cjs, 12)}`);
    }
    summary.get(pkg.name).cjs = true;
  }
}

/** The TypeScript a user would write: every client constructed and used at the type level. */
const CONSUMER_TS = `
import {
  AbortError,
  ApiError,
  AuthenticationError,
  type CallRecord,
  CdrkitError,
  type Cursor,
  callRecordSchema,
  InvalidArgumentError,
  NetworkError,
  type Page,
  type Paged,
  RateLimitError,
  ResponseFormatError,
  TimeoutError,
} from '@cdrkit/core';
import { createXmlParser } from '@cdrkit/core/xml';
import { BoxisClient, type BoxisCdr, toCallRecord as boxisToCallRecord } from '@cdrkit/boxis';
import { IpingClient, type IpingItem, toCallRecord as ipingToCallRecord } from '@cdrkit/iping';
import { MixvoipClient, type MixvoipRecord, toCallRecord as mixvoipToCallRecord } from '@cdrkit/mixvoip';
import { NimblevoxClient, type Sdr, toCallRecord as nimblevoxToCallRecord } from '@cdrkit/nimblevox';
import { type OutAnsweredRecord, TeleCmiClient, toCallRecord as teleCmiToCallRecord } from '@cdrkit/telecmi';

const baseUrl = 'http://127.0.0.1:9';
const range = { from: '2024-03-01', to: new Date('2024-03-02T00:00:00Z') };

const telecmi = new TeleCmiClient({ appId: 1111113, token: 'fake-token', baseUrl, timeoutMs: 5000, retry: 2 });
const boxis = new BoxisClient({ userName: 'ops@example.ch', userKey: 'fake-key', tenant: 'VOICE-1', baseUrl });
const mixvoip = new MixvoipClient({ userName: 'reseller', password: 'fake-password', baseUrl });
const iping = new IpingClient({ userName: 'testdriver', password: 'fake-password', baseUrl });
const nimblevox = new NimblevoxClient({ apiKey: 'fake-key', baseUrl, fetch: globalThis.fetch });

// @ts-expect-error a TeleCmiClient needs its token
new TeleCmiClient({ appId: 1 });
// @ts-expect-error a MixvoipClient needs a baseUrl: MIXvoip publishes none
new MixvoipClient({ userName: 'reseller', password: 'fake-password' });

const outAnswered: Paged<OutAnsweredRecord> = telecmi.outAnswered({ ...range, pageSize: 50, prefetch: 2 });
const cdrs: Paged<BoxisCdr> = boxis.getCDR({ ...range, format: 'xml' });
const calls: Paged<MixvoipRecord> = mixvoip.getCalls({ profileId: '123456', ...range, format: 'csv' });
const items: Paged<IpingItem> = iping.getOutboundItems({ ...range, transport: 'query' });
const sdrs: Paged<Sdr> = nimblevox.listSdrs({ ...range, signal: AbortSignal.timeout(10_000) });
const oneSdr: Promise<Sdr> = nimblevox.getSdr('42');

export async function consume(): Promise<CallRecord[]> {
  const page: Page<OutAnsweredRecord> = await outAnswered;
  const next: Cursor | null = page.next;
  if (next !== null) await telecmi.outAnswered({ cursor: next });
  const normalized: CallRecord[] = [];
  for await (const record of outAnswered) normalized.push(teleCmiToCallRecord(record));
  for await (const record of cdrs) normalized.push(boxisToCallRecord(record));
  for await (const record of calls) normalized.push(mixvoipToCallRecord(record));
  for await (const item of items) normalized.push(ipingToCallRecord(item));
  for await (const sdr of sdrs) normalized.push(nimblevoxToCallRecord(sdr));
  for await (const record of sdrs.records()) normalized.push(record);
  for await (const each of cdrs.pages()) normalized.push(...each.items.map((cdr) => boxisToCallRecord(cdr)));
  const firstTen: BoxisCdr[] = await cdrs.toArray({ limit: 10 });
  normalized.push(nimblevoxToCallRecord(await oneSdr), ...firstTen.map((cdr) => boxisToCallRecord(cdr)));
  const startedAt: string = normalized[0]?.startedAt ?? '';
  const amount: string | undefined = normalized[0]?.cost?.amount;
  callRecordSchema.parse({ startedAt, amount });
  return normalized;
}

export function explain(error: unknown): string {
  if (error instanceof InvalidArgumentError) return \`fix the call: \${error.message}\`;
  if (error instanceof AuthenticationError) return 'check the credentials';
  if (error instanceof RateLimitError) return \`wait \${error.retryAfterMs ?? 1000} ms\`;
  if (error instanceof ApiError) return \`provider said \${error.status}\`;
  if (error instanceof ResponseFormatError) return 'unexpected answer';
  if (error instanceof TimeoutError || error instanceof NetworkError || error instanceof AbortError) return 'transport';
  if (error instanceof CdrkitError) return error.name;
  return String(error);
}

export const parseXml: (text: string) => unknown = createXmlParser({ arrays: ['a.b'] });
`;

/** Node-only packages: the emulators (spread into the clients, as the README shows) and the CLI. */
const CONSUMER_NODE_TS = `
import type { ExportSummary } from '@cdrkit/cli';
import { main, runExport } from '@cdrkit/cli';
import { type Emulator, startEmulator, startEmulators } from '@cdrkit/emulators';
import { MixvoipClient } from '@cdrkit/mixvoip';
import { TeleCmiClient } from '@cdrkit/telecmi';

export async function againstEmulators(): Promise<number> {
  const emu: Emulator<'telecmi'> = await startEmulator('telecmi', { records: 100, seed: 1 });
  const telecmi = new TeleCmiClient({ ...emu.credentials, baseUrl: emu.url });
  let count = 0;
  for await (const record of telecmi.outAnswered({ from: '2024-01-01', to: '2024-02-01' })) count += record._id ? 1 : 0;
  await emu.close();

  const all = await startEmulators({ records: 10 });
  const mixvoip = new MixvoipClient({ ...all.mixvoip.credentials, baseUrl: all.mixvoip.url });
  await mixvoip.getCalls({ profileId: all.mixvoip.profileId, from: '2024-01-01', to: '2024-02-01' });
  await all.close();
  return count;
}

export type Summary = ExportSummary;
export const entryPoints: [typeof main, typeof runExport] = [main, runExport];
`;

/** Runs at run time against the packed emulators: every client reads a first week. */
const SMOKE_MJS = `
import { CdrkitError, InvalidArgumentError } from '@cdrkit/core';
import { startEmulators } from '@cdrkit/emulators';
import { BoxisClient } from '@cdrkit/boxis';
import { IpingClient } from '@cdrkit/iping';
import { MixvoipClient } from '@cdrkit/mixvoip';
import { NimblevoxClient } from '@cdrkit/nimblevox';
import { TeleCmiClient } from '@cdrkit/telecmi';

const from = '2024-01-01T00:00:00Z';
const to = '2024-01-08T00:00:00Z';
const emus = await startEmulators({ records: 200, seed: 7, from, to });
const counts = {};
try {
  const lists = {
    telecmi: () => new TeleCmiClient({ ...emus.telecmi.credentials, baseUrl: emus.telecmi.url }).outAnswered({ from, to }),
    boxis: () => new BoxisClient({ ...emus.boxis.credentials, baseUrl: emus.boxis.url }).getCDR({ from, to }),
    mixvoip: () =>
      new MixvoipClient({ ...emus.mixvoip.credentials, baseUrl: emus.mixvoip.url }).getCalls({
        profileId: emus.mixvoip.profileId,
        from,
        to,
      }),
    iping: () => new IpingClient({ ...emus.iping.credentials, baseUrl: emus.iping.url }).getOutboundItems({ from, to }),
    nimblevox: () => new NimblevoxClient({ ...emus.nimblevox.credentials, baseUrl: emus.nimblevox.url }).listSdrs({ from, to }),
  };
  for (const [provider, list] of Object.entries(lists)) {
    let count = 0;
    for await (const record of list().records()) {
      if (record.provider !== provider) throw new Error(provider + ': a record says provider ' + record.provider);
      count += 1;
    }
    if (count === 0) throw new Error(provider + ': no record in a week of 200 generated records');
    counts[provider] = count;
  }
  const backwards = new TeleCmiClient({ ...emus.telecmi.credentials, baseUrl: emus.telecmi.url }).outAnswered({ from: to, to: from });
  const error = await Promise.resolve(backwards).then(() => null, (caught) => caught);
  if (!(error instanceof InvalidArgumentError && error instanceof CdrkitError)) {
    throw new Error('a backwards range should reject with @cdrkit/core InvalidArgumentError, got ' + error);
  }
} finally {
  await emus.close();
}
console.log(JSON.stringify(counts));
`;

function tsconfig(compilerOptions, files) {
  return `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: false,
        noEmit: true,
        ...compilerOptions,
      },
      files,
    },
    null,
    2,
  )}\n`;
}

const TYPECHECKS = [
  {
    name: 'nodenext',
    file: 'tsconfig.nodenext.json',
    withSnippets: true,
    config: tsconfig({ module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022'], types: ['node'] }, [
      'consumer.ts',
      'consumer-node.ts',
    ]),
  },
  {
    name: 'bundler',
    file: 'tsconfig.bundler.json',
    withSnippets: true,
    config: tsconfig({ module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022'], types: ['node'] }, [
      'consumer.ts',
      'consumer-node.ts',
    ]),
  },
  {
    name: 'bundler, DOM only (browser)',
    file: 'tsconfig.browser.json',
    config: tsconfig(
      { module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [] },
      ['consumer.ts'],
    ),
  },
];

async function main() {
  const packages = await readPublishablePackages();
  if (packages.length === 0) throw new Error('no publishable package under packages/');
  for (const pkg of packages) {
    summary.set(pkg.name, { version: pkg.manifest.version, files: 0, entries: [], cjs: false, ok: true });
    if (!existsSync(path.join(pkg.dir, 'dist'))) {
      fail(pkg.name, 'has no dist/: run `npx -y pnpm@10 run build` first');
    }
  }
  if (failures.length) return;

  const scratch = await mkdtemp(path.join(os.tmpdir(), 'cdrkit-tarballs-'));
  if (!path.relative(root, scratch).startsWith('..')) {
    throw new Error(`the scratch folder ${scratch} lies inside the workspace; set TMPDIR elsewhere`);
  }
  const tarballs = path.join(scratch, 'tarballs');
  const project = path.join(scratch, 'project');
  await mkdir(tarballs);
  await mkdir(project);
  try {
    log(`packing ${packages.length} packages with pnpm into ${tarballs}`);
    const packed = await packAll(packages, tarballs);
    if (!packed) return;
    for (const pkg of packages) {
      const result = packed.get(pkg.name);
      if (!result) {
        fail(pkg.name, 'pnpm pack produced no tarball for it');
        continue;
      }
      pkg.tarball = result.filename;
      summary.get(pkg.name).files = result.files.length;
      checkContents(pkg, result.files);
    }
    if (packages.some((pkg) => !pkg.tarball)) return;

    const rootManifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
    const devRange = (name, fallback) => rootManifest.devDependencies?.[name] ?? fallback;
    await writeFile(
      path.join(project, 'package.json'),
      `${JSON.stringify({ name: 'cdrkit-tarball-check', private: true, type: 'module' }, null, 2)}\n`,
    );
    log(`installing the tarballs with npm into ${project}`);
    const install = await run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--no-package-lock',
        '--ignore-scripts',
        '--loglevel=error',
        ...packages.map((pkg) => pkg.tarball),
        `typescript@${devRange('typescript', '~5.9.3')}`,
        `@types/node@${devRange('@types/node', '^20.19.0')}`,
      ],
      { cwd: project, timeoutMs: 240_000 },
    );
    if (install.code !== 0) {
      fail('npm install', `installing the tarballs failed (exit ${install.code})${tail(install)}`);
      return;
    }

    log('checking the installed manifests and ESM imports');
    await Promise.all(
      packages.map(async (pkg) => {
        const manifest = await checkInstalledManifest(pkg, project);
        await checkImports(pkg, manifest, project);
      }),
    );
    const duplicates = await run('npm', ['ls', '@cdrkit/core', '--all', '--parseable'], { cwd: project });
    const coreCopies = new Set(duplicates.stdout.split('\n').filter((line) => line.includes('@cdrkit')));
    if (coreCopies.size > 1) {
      fail(
        '@cdrkit/core',
        `installed ${coreCopies.size} times, so instanceof checks would break:\n    ${[...coreCopies].join('\n    ')}`,
      );
    }

    const cli = packages.find((pkg) => pkg.name === '@cdrkit/cli');
    if (cli) {
      const binPath = path.join(project, 'node_modules', '.bin', 'cdrkit');
      const help = await run(binPath, ['--help'], { cwd: project, timeoutMs: 30_000 });
      if (help.code !== 0 || !/export/.test(help.stdout)) {
        fail(
          cli.name,
          `\`cdrkit --help\` did not print the export command (exit ${help.code})${tail(help, 12)}`,
        );
      }
    }

    if (packages.some((pkg) => pkg.name === '@cdrkit/emulators')) {
      log('reading a week from each packed emulator with the packed clients');
      await writeFile(path.join(project, 'smoke.mjs'), SMOKE_MJS);
      const smoke = await run(process.execPath, ['smoke.mjs'], { cwd: project, timeoutMs: 60_000 });
      if (smoke.code !== 0)
        fail('runtime smoke test', `the clients could not read the emulators${tail(smoke, 15)}`);
      else log(`records read per provider: ${smoke.stdout.trim()}`);
    }

    const snippets = await readDocSnippets(packages);
    if (!snippets.some((snippet) => snippet.source === path.join('docs', 'getting-started.md'))) {
      fail('docs', 'docs/getting-started.md has no code block marked <!-- check-tarballs: first.mjs -->');
    }
    const snippetTypeFiles = [];
    for (const snippet of snippets) {
      const typeFile = snippet.name.replace(/\.mjs$/, '.ts');
      if (snippetTypeFiles.includes(typeFile)) {
        fail('docs', `two code blocks are marked ${snippet.name}`);
        continue;
      }
      snippetTypeFiles.push(typeFile);
      await writeFile(path.join(project, typeFile), snippet.code);
      if (!snippet.name.endsWith('.mjs')) continue;
      log(`running ${snippet.name} from ${snippet.source}`);
      await writeFile(path.join(project, snippet.name), snippet.code);
      const ran = await run(process.execPath, [snippet.name], { cwd: project, timeoutMs: 60_000 });
      if (ran.code !== 0)
        fail('docs', `${snippet.source}: ${snippet.name} failed (exit ${ran.code})${tail(ran, 15)}`);
    }

    await writeFile(path.join(project, 'consumer.ts'), CONSUMER_TS);
    await writeFile(path.join(project, 'consumer-node.ts'), CONSUMER_NODE_TS);
    const tsc = path.join(project, 'node_modules', 'typescript', 'bin', 'tsc');
    const typechecks = await Promise.all(
      TYPECHECKS.map(async (check) => {
        const config = JSON.parse(check.config);
        if (check.withSnippets) config.files.push(...snippetTypeFiles);
        await writeFile(path.join(project, check.file), `${JSON.stringify(config, null, 2)}\n`);
        log(`tsc --noEmit -p ${check.file} (${check.name})`);
        return [check, await run(process.execPath, [tsc, '--noEmit', '-p', check.file], { cwd: project })];
      }),
    );
    for (const [check, result] of typechecks) {
      if (result.code !== 0) {
        const packagesInErrors = new Set(result.stdout.match(/@cdrkit\/[a-z]+/g) ?? []);
        fail(
          `types (${check.name})`,
          `tsc --noEmit failed${packagesInErrors.size ? ` around ${[...packagesInErrors].join(', ')}` : ''}${tail(result, 30)}`,
        );
      }
    }
    const browserImports = [...CONSUMER_TS.matchAll(/from '(@cdrkit\/[a-z]+)/g)].map((match) => match[1]);
    for (const name of BROWSER_PACKAGES) {
      if (!browserImports.includes(name)) fail(name, 'is not covered by the browser typecheck');
    }
  } finally {
    if (keep || failures.length) {
      console.log(`scratch project kept at ${project}`);
    } else {
      await rm(scratch, { recursive: true, force: true });
    }
  }
}

try {
  await main();
} catch (error) {
  failures.push(`check-tarballs itself: ${error instanceof Error ? error.stack : error}`);
}

console.log('');
console.log('package              version  files  ESM entries checked');
for (const [name, row] of summary) {
  const entries = row.entries.length ? row.entries.join(', ') : '-';
  console.log(
    `${row.ok ? 'ok  ' : 'FAIL'} ${name.padEnd(18)} ${row.version.padEnd(8)} ${String(row.files).padStart(5)}  ${entries}${row.cjs ? ' (+CJS)' : ''}`,
  );
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (failures.length) {
  console.error(`\ncheck-tarballs: ${failures.length} problem(s) in ${seconds} s:`);
  for (const failure of failures) console.error(`- ${failure}`);
  process.exit(1);
}
console.log(
  `\ncheck-tarballs: ${summary.size} tarballs install, import from ESM, typecheck (nodenext, bundler, browser) and run the docs' examples in ${seconds} s`,
);

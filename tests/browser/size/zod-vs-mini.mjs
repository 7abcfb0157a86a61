/**
 * zod or zod/mini? Measures both on the same realistic record schema (a TeleCMI call record:
 * unions of number and numeric string, pipes, transforms, optional nullable text, a loose
 * object), for bundle size (esbuild, minified, gzip level 9, as size-limit measures) and
 * validation speed (records per second through `safeParse` of a 1,000-record page, best of 15
 * rounds; JIT on, and off as under a CSP that forbids `new Function`: zod/mini never compiles,
 * so its two columns measure the same code). docs/browser.md reports the figures.
 *
 *   node tests/browser/size/zod-vs-mini.mjs
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('../../../', import.meta.url));
// zod is a dependency of the packages, not of the workspace root: resolve it from core.
const require = createRequire(`${root}packages/core/package.json`);
const zodDir = require.resolve('zod/package.json').replace(/\/package\.json$/, '');
// esbuild, the bundler size-limit measures with, is a dependency of its esbuild plugin.
const fromRoot = createRequire(`${root}package.json`);
const fromPreset = createRequire(fromRoot.resolve('@size-limit/preset-small-lib'));
const esbuild = await import(createRequire(fromPreset.resolve('@size-limit/esbuild')).resolve('esbuild'));

const schemas = {
  'zod/mini': `
    const count = z.union([z.number(), z.pipe(z.string().check(z.regex(/^\\s*-?\\d+(?:\\.\\d+)?\\s*$/)), z.transform(Number))]);
    const text = z.optional(z.nullable(z.string()));
    const record = z.looseObject({
      _id: z.string(), from: z.union([z.string(), z.pipe(z.number(), z.transform(String))]),
      to: z.union([z.number(), z.string()]), time: count, billedsec: z.optional(count),
      rate: z.optional(z.union([z.string(), z.pipe(z.number(), z.transform(String))])),
      record: z.optional(z.union([z.string(), z.pipe(z.boolean(), z.transform(String))])),
      filename: text, name: text, agent: text,
    });
    const page = z.object({ code: z.number(), total: z.optional(count), cdr: z.array(record) });`,
  zod: `
    const count = z.union([z.number(), z.string().regex(/^\\s*-?\\d+(?:\\.\\d+)?\\s*$/).transform(Number)]);
    const text = z.string().nullable().optional();
    const record = z.looseObject({
      _id: z.string(), from: z.union([z.string(), z.number().transform(String)]),
      to: z.union([z.number(), z.string()]), time: count, billedsec: count.optional(),
      rate: z.union([z.string(), z.number().transform(String)]).optional(),
      record: z.union([z.string(), z.boolean().transform(String)]).optional(),
      filename: text, name: text, agent: text,
    });
    const page = z.object({ code: z.number(), total: count.optional(), cdr: z.array(record) });`,
};

/** A page of 1,000 records in TeleCMI's shape, numbers sometimes as strings, as servers send them. */
function samplePage() {
  const cdr = Array.from({ length: 1000 }, (_, i) => ({
    _id: (0x65f0a000 + i).toString(16).padStart(24, '0'),
    from: i % 3 === 0 ? 2222224 : `209_${2222224 + i}`,
    to: i % 2 === 0 ? 919876543210 + i : `91987654${String(3210 + i).padStart(4, '0')}`,
    time: i % 5 === 0 ? String(1_709_251_200_000 + i * 61_000) : 1_709_251_200_000 + i * 61_000,
    billedsec: i % 7 === 0 ? `${i % 600}` : i % 600,
    rate: i % 4 === 0 ? 0.45 : '0.45',
    record: i % 6 === 0 ? true : 'true',
    filename: `${1_709_251_200_000 + i}12345678901234_2222224.mp3`,
    name: i % 9 === 0 ? null : 'Agent Smith',
    agent: undefined,
  }));
  return { code: 200, total: '1000', cdr };
}

async function bundleSize(flavour) {
  const result = await esbuild.build({
    stdin: {
      contents: `import * as z from ${JSON.stringify(flavour)};${schemas[flavour]}\nconsole.log(page.safeParse(globalThis.input));`,
      resolveDir: `${root}packages/core`,
    },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

async function recordsPerSecond(flavour, jitless) {
  const z = await import(`${zodDir}/${flavour === 'zod' ? 'v4/classic/index.js' : 'v4/mini/index.js'}`);
  z.config({ jitless });
  const page = new Function('z', `${schemas[flavour]}; return page;`)(z);
  const input = samplePage();
  if (!page.safeParse(input).success) throw new Error(`${flavour}: the sample does not validate`);
  const rounds = [];
  for (let round = 0; round < 15; round++) {
    const started = performance.now();
    let pages = 0;
    while (performance.now() - started < 200) {
      page.safeParse(input);
      pages++;
    }
    rounds.push((pages * input.cdr.length) / ((performance.now() - started) / 1000));
  }
  // The best round: on a shared machine, slower rounds measure the neighbours, not zod.
  return Math.round(Math.max(...rounds));
}

// Each speed measurement runs in a process of its own: zod's JIT setting is global, and V8's
// optimization of one flavour's code must not help or hinder the other.
const [, , onlyFlavour, onlyJitless] = process.argv;
if (onlyFlavour !== undefined) {
  process.stdout.write(String(await recordsPerSecond(onlyFlavour, onlyJitless === 'jitless')));
} else {
  const measure = (flavour, jitless) =>
    Number(
      execFileSync(process.execPath, [fileURLToPath(import.meta.url), flavour, jitless ? 'jitless' : 'jit']),
    );
  const rows = [];
  for (const flavour of ['zod/mini', 'zod']) {
    const size = await bundleSize(flavour);
    rows.push({
      flavour,
      'minified B': size.minified,
      'gzip B': size.gzip,
      'records/s (JIT)': measure(flavour, false),
      'records/s (jitless)': measure(flavour, true),
    });
  }
  console.log(`node ${process.version}, zod ${require('zod/package.json').version}`);
  console.table(rows);
}

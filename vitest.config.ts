import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const packages = [
  'core',
  'emulators',
  'telecmi',
  'boxis',
  'mixvoip',
  'iping',
  'nimblevox',
  'cli',
  'sync',
  'test-helpers',
] as const;
const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Tests run against the TypeScript sources, not the built dist: each `@cdrkit/<name>` import
 * (and its subpaths, such as `@cdrkit/core/xml`) resolves to `packages/<name>/src`; so does the
 * private `@cdrkit/test-helpers`.
 */
const alias = packages.flatMap((name) => [
  { find: new RegExp(`^@cdrkit/${name}$`), replacement: `${root}packages/${name}/src/index.ts` },
  { find: new RegExp(`^@cdrkit/${name}/(.+)$`), replacement: `${root}packages/${name}/src/$1.ts` },
]);

const nodeProject = (name: string, dir: string): TestProjectInlineConfiguration => ({
  resolve: { alias },
  test: {
    name,
    root: `${root}${dir}`,
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', '*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts', 'src/**/*.test-d.ts'] },
  },
});

/** Cross-package suites, each a project of its own: fault matrix and fuzzing, and the runtime matrix. */
const suites = [
  ['reliability', 'tests/reliability'],
  ['runtimes', 'runtimes'],
] as const;

/** The browser suite runs in headless Chromium with its own config (tests/browser/vitest.config.ts). */
const browserConfig = 'tests/browser/vitest.config.ts';

export default defineConfig({
  test: {
    // CI reads the plain count that .ci/run prints from this report, not vitest's summary.
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: `${root}.vitest-report.json` }]]
      : ['default'],
    projects: [
      ...packages.map((name) => nodeProject(name, `packages/${name}`)),
      ...suites.filter(([, dir]) => existsSync(`${root}${dir}`)).map(([name, dir]) => nodeProject(name, dir)),
      ...(existsSync(`${root}${browserConfig}`) ? [browserConfig] : []),
    ],
  },
});

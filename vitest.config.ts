import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packages = ['core', 'emulators', 'telecmi', 'boxis', 'mixvoip', 'iping', 'nimblevox', 'cli'] as const;
const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Tests run against the TypeScript sources, not the built dist: each `@cdrkit/<name>` import
 * (and its subpaths, such as `@cdrkit/core/xml`) resolves to `packages/<name>/src`.
 */
const alias = packages.flatMap((name) => [
  { find: new RegExp(`^@cdrkit/${name}$`), replacement: `${root}packages/${name}/src/index.ts` },
  { find: new RegExp(`^@cdrkit/${name}/(.+)$`), replacement: `${root}packages/${name}/src/$1.ts` },
]);

export default defineConfig({
  test: {
    // CI reads the plain count that .ci/run prints from this report, not vitest's summary.
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: `${root}.vitest-report.json` }]]
      : ['default'],
    projects: packages.map((name) => ({
      resolve: { alias },
      test: {
        name,
        root: `${root}packages/${name}`,
        include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
        testTimeout: 30_000,
        hookTimeout: 30_000,
        typecheck: { enabled: true, include: ['test/**/*.test-d.ts', 'src/**/*.test-d.ts'] },
      },
    })),
  },
});

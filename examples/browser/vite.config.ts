/**
 * Inside this repository the page runs on the workspace's TypeScript sources, so it needs no
 * build of the packages first. In a project of your own, install @cdrkit/telecmi and drop the
 * alias: nothing else here is specific to cdrkit.
 */
import { fileURLToPath } from 'node:url';
import type { UserConfig } from 'vite';

const packages = fileURLToPath(new URL('../../packages/', import.meta.url));

export default {
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: {
    // Subpaths too (`@cdrkit/core/provider`): one copy of core, so `instanceof AbortError` holds.
    alias: [
      { find: /^@cdrkit\/([a-z]+)$/, replacement: `${packages}$1/src/index.ts` },
      { find: /^@cdrkit\/([a-z]+)\/([a-z]+)$/, replacement: `${packages}$1/src/$2.ts` },
    ],
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  build: { target: 'es2022' },
} satisfies UserConfig;

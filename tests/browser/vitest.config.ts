/**
 * The browser suite: each provider's client running in headless Chromium (the one
 * find-chromium.mjs finds, which scripts/setup-browser.mjs installs when none is; driven by
 * Playwright) against the emulators, which global-setup.ts starts
 * in Node with CORS on. The root vitest.config.ts includes this file as the `browser` project.
 *
 * `@cdrkit/<name>` resolves to the TypeScript sources, as in every other project: Vite
 * compiles them for the page.
 */
import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineProject } from 'vitest/config';
import { commands } from './commands.js';
import { findChromium } from './find-chromium.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));
const packages = ['core', 'emulators', 'telecmi', 'boxis', 'mixvoip', 'iping', 'nimblevox'];

export default defineProject({
  root: here,
  resolve: {
    alias: packages.flatMap((name) => [
      { find: new RegExp(`^@cdrkit/${name}$`), replacement: `${root}packages/${name}/src/index.ts` },
      { find: new RegExp(`^@cdrkit/${name}/(.+)$`), replacement: `${root}packages/${name}/src/$1.ts` },
    ]),
  },
  test: {
    name: 'browser',
    include: ['*.browser.test.ts'],
    globalSetup: ['./global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: {
          executablePath: findChromium() ?? '/usr/bin/chromium',
          // Root in CI needs --no-sandbox; the rest keeps Chromium off the (closed) network.
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      }),
      instances: [{ browser: 'chromium' }],
      commands,
    },
  },
});

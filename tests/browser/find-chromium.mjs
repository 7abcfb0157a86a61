/**
 * Where the browser suite's Chromium is: `CHROMIUM_PATH`, Playwright's own download, or a
 * system install. Shared by scripts/setup-browser.mjs (which installs one when none is found)
 * and tests/browser/vitest.config.ts (which launches it).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** System installs, in the order they are tried: Debian/Ubuntu, Fedora/Arch, Chrome, macOS. */
export const SYSTEM_CHROMIUMS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** The Chromium Playwright downloaded (`playwright install chromium`), if it did. */
export function playwrightChromium() {
  try {
    const require = createRequire(import.meta.url);
    const path = require('playwright').chromium.executablePath();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** The first Chromium found, or undefined. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return playwrightChromium() ?? SYSTEM_CHROMIUMS.find((path) => existsSync(path));
}

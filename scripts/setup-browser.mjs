#!/usr/bin/env node
/**
 * Makes sure the browser suite (tests/browser) has a Chromium before `pnpm test` runs it:
 * 1. one already there (CHROMIUM_PATH, Playwright's download, a system install) is used;
 * 2. else Playwright downloads its own, where its download host is reachable;
 * 3. else the system package manager installs Debian's/Ubuntu's `chromium` (as root, or with
 *    passwordless sudo);
 * 4. else it stops with one line naming the command to run.
 * Idempotent: with a Chromium present it only prints where it is.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { findChromium } from '../tests/browser/find-chromium.mjs';

const say = (line) => console.log(`setup-browser: ${line}`);

/** Runs a command quietly, bounded in time; true when it exited 0, else its last line is shown. */
function run(command, args, timeoutSec) {
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutSec * 1000,
    env: process.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status === 0) return true;
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n');
  const last = output.filter((line) => /error|fail|denied|unable/i.test(line)).at(0) ?? output.at(-1) ?? '';
  say(
    `${command} ${args.join(' ')} failed${result.error ? ` (${result.error.message})` : ''}: ${last.trim()}`,
  );
  return false;
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function tryPlaywright() {
  say("no Chromium found; trying Playwright's own download (playwright install chromium)");
  const require = createRequire(import.meta.url);
  const cli = join(dirname(require.resolve('playwright/package.json')), 'cli.js');
  return run(process.execPath, [cli, 'install', 'chromium'], 300) && findChromium() !== undefined;
}

function trySystemPackage() {
  if (process.platform !== 'linux' || !has('apt-get')) return false;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = isRoot ? [] : has('sudo') && run('sudo', ['-n', 'true'], 10) ? ['sudo', '-n'] : undefined;
  if (sudo === undefined) return false;
  say('Playwright could not download Chromium; installing the system package (apt-get install chromium)');
  const apt = (args) =>
    sudo.length === 0 ? run('apt-get', args, 900) : run(sudo[0], [...sudo.slice(1), 'apt-get', ...args], 900);
  process.env.DEBIAN_FRONTEND = 'noninteractive';
  return (
    apt(['update', '-qq']) &&
    apt(['install', '-y', '-qq', '--no-install-recommends', 'chromium']) &&
    findChromium() !== undefined
  );
}

const found = findChromium();
if (found !== undefined) {
  say(`Chromium at ${found}`);
} else if (process.env.CHROMIUM_PATH) {
  console.error(
    `setup-browser: CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist: point it at a Chromium binary, or unset it.`,
  );
  process.exit(1);
} else if (tryPlaywright() || trySystemPackage()) {
  say(`Chromium at ${findChromium()}`);
} else {
  console.error(
    'setup-browser: no Chromium for the browser suite, and none could be installed: run `sudo apt-get install chromium` (or `npx playwright install chromium`), or set CHROMIUM_PATH, then run the tests again.',
  );
  process.exit(1);
}

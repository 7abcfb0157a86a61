/**
 * Browser commands: functions the tests in the page call (`commands.x()` from 'vitest/browser')
 * that run in Node, next to the emulators global-setup.ts started. They report what the
 * emulators saw (the page cannot ask them: a CORS preflight or a refused header is only
 * visible from the server's side), and drive the example page in a tab of its own.
 */
import { mkdir } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type {} from '@vitest/browser-playwright';
import type { BrowserCommand } from 'vitest/node';
import { createViteServer } from 'vitest/node';
import { EMULATORS_KEY } from './shared.js';

/** The part of a running emulator the commands use (the real type lives in @cdrkit/emulators). */
interface RunningEmulator {
  url: string;
  credentials: Record<string, string | number>;
  requestCount: number;
  requests: readonly {
    method: string;
    path: string;
    headers: Record<string, string | string[] | undefined>;
    aborted: boolean;
  }[];
}

/** What the page may learn about one request the emulator received. */
export interface SeenRequest {
  method: string;
  path: string;
  origin: string | undefined;
  userAgent: string | undefined;
  contentType: string | undefined;
  requestedMethod: string | undefined;
  requestedHeaders: string | undefined;
  proxyHeader: string | undefined;
  aborted: boolean;
}

/** What the example-page run observed, for the test in the page to assert on. */
export interface ExampleRun {
  rowsWhenCancelled: number;
  rowsAfterWaiting: number;
  state: string | undefined;
  statusText: string;
  requestsBeforeCancel: number;
  requestsAfterCancel: number;
  lastRequestAborted: boolean | undefined;
  total: number;
  screenshot: string;
}

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

function emulator(name: string): RunningEmulator {
  const running = (globalThis as Record<symbol, Record<string, RunningEmulator> | undefined>)[EMULATORS_KEY];
  const found = running?.[name];
  if (found === undefined) throw new Error(`no emulator "${name}": is global-setup.ts the globalSetup?`);
  return found;
}

const header = (headers: RunningEmulator['requests'][number]['headers'], name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

/** The requests emulator `name` received after the first `since` of them. */
const emulatorRequests: BrowserCommand<[name: string, since?: number]> = (_context, name, since = 0) => {
  const emu = emulator(name);
  const count = emu.requestCount - since;
  const recent = count <= 0 ? [] : emu.requests.slice(-count);
  return recent.map(
    (request): SeenRequest => ({
      method: request.method,
      path: request.path,
      origin: header(request.headers, 'origin'),
      userAgent: header(request.headers, 'user-agent'),
      contentType: header(request.headers, 'content-type'),
      requestedMethod: header(request.headers, 'access-control-request-method'),
      requestedHeaders: header(request.headers, 'access-control-request-headers'),
      proxyHeader: header(request.headers, 'x-proxy-key'),
      aborted: request.aborted,
    }),
  );
};

/** How many requests emulator `name` has received. */
const emulatorRequestCount: BrowserCommand<[name: string]> = (_context, name) => emulator(name).requestCount;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/**
 * Serves examples/browser with Vite on loopback, opens it in a new tab of the suite's Chromium
 * against the slow TeleCMI emulator, clicks Load, waits for rows, clicks Cancel, checks that
 * nothing more arrives, and saves a screenshot to tests/browser/screenshots/.
 */
const runExamplePage: BrowserCommand<[]> = async (context): Promise<ExampleRun> => {
  const emu = emulator('example');
  const port = await freePort();
  const vite = await createViteServer({
    configFile: `${root}examples/browser/vite.config.ts`,
    server: { port, strictPort: true, host: '127.0.0.1', hmr: false },
    logLevel: 'error',
  });
  await vite.listen();
  const page = await context.context.newPage();
  try {
    await page.setViewportSize({ width: 1100, height: 760 });
    const query = new URLSearchParams({
      baseUrl: emu.url,
      appId: String(emu.credentials.appId),
      token: String(emu.credentials.token),
      pageSize: '40',
    });
    await page.goto(`http://127.0.0.1:${port}/?${query}`);
    await page.click('#load');
    await page.waitForFunction(() => document.querySelectorAll('#rows tr').length >= 120, undefined, {
      timeout: 30_000,
    });
    // Click the moment a new request starts, so that one is surely in flight (each answer
    // takes 300 ms): between two requests there would be nothing to abort.
    const started = emu.requestCount;
    const deadline = Date.now() + 10_000;
    while (emu.requestCount === started && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const requestsBeforeCancel = emu.requestCount;
    await page.click('#cancel');
    await page.waitForSelector('#status[data-state="cancelled"]', { timeout: 10_000 });
    const atCancel = emu.requestCount;
    const rowsWhenCancelled = await page.locator('#rows tr').count();
    // Long enough for several more pages (300 ms each) had the iteration gone on, and for the
    // emulator to see the aborted request's connection close.
    await page.waitForTimeout(1_000);
    const lastRequestAborted = emu.requests.at(-1)?.aborted;
    const rowsAfterWaiting = await page.locator('#rows tr').count();
    const status = page.locator('#status');
    await mkdir(`${here}screenshots`, { recursive: true });
    const screenshot = `${here}screenshots/example-cancelled.png`;
    await page.screenshot({ path: screenshot });
    return {
      rowsWhenCancelled,
      rowsAfterWaiting,
      state: (await status.getAttribute('data-state')) ?? undefined,
      statusText: (await status.textContent()) ?? '',
      requestsBeforeCancel,
      requestsAfterCancel: emu.requestCount - atCancel,
      lastRequestAborted,
      total: 2000,
      screenshot,
    };
  } finally {
    await page.close();
    await vite.close();
  }
};

export const commands = { emulatorRequests, emulatorRequestCount, runExamplePage };

declare module 'vitest/browser' {
  interface BrowserCommands {
    emulatorRequests(name: string, since?: number): Promise<SeenRequest[]>;
    emulatorRequestCount(name: string): Promise<number>;
    runExamplePage(): Promise<ExampleRun>;
  }
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the test server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

/** Handles request number `index` (0-based). */
export type Handler = (request: SeenRequest, response: ServerResponse, index: number) => void;

/** A real HTTP server on 127.0.0.1 with a random port; `requests` records what arrived. */
export interface TestServer {
  url: string;
  requests: SeenRequest[];
  /** Requests whose client went away before the answer was complete. */
  aborted: number;
  close(): Promise<void>;
}

/**
 * Starts a server that answers request n with `handlers[n]` (the last handler repeats), so a
 * test reads as the sequence of answers the client meets.
 */
export async function startServer(...handlers: Handler[]): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const state = { aborted: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: performance.now(),
      };
      const index = requests.push(seen) - 1;
      res.on('close', () => {
        if (!res.writableFinished) state.aborted++;
      });
      const handler = handlers[Math.min(index, handlers.length - 1)];
      handler?.(seen, res, index);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get aborted() {
      return state.aborted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with `status`, a JSON body and extra headers. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_request, response) => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    });
    response.end(text);
  };
}

/** Answers with `status` and a plain text body. */
export function text(status: number, body: string, headers: Record<string, string> = {}): Handler {
  return (_request, response) => {
    response.writeHead(status, {
      'content-type': 'text/plain',
      'content-length': String(Buffer.byteLength(body)),
      ...headers,
    });
    response.end(body);
  };
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Every string reachable from `value`: an error's name, message, stack, own properties and
 * cause chain, recursively. What a secret must never be found in.
 */
export function collectStrings(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return [String(value)];
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  const strings: string[] = [];
  const keys = new Set<string>(Object.getOwnPropertyNames(value));
  if (value instanceof Error) for (const key of ['name', 'message', 'stack', 'cause']) keys.add(key);
  for (const key of keys) {
    strings.push(key);
    strings.push(...collectStrings((value as Record<string, unknown>)[key], seen));
  }
  if (value instanceof Headers) for (const [name, headerValue] of value) strings.push(name, headerValue);
  return strings;
}

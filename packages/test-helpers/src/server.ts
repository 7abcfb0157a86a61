/**
 * A loopback HTTP server for tests: real HTTP on 127.0.0.1, a random port, the requests it saw.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the test server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  /** The body as text. */
  body: string;
  /** The body parsed as JSON (an empty body is `{}`); throws when it is not JSON. */
  json(): Record<string, unknown>;
  /** The query string's parameters. */
  query: URLSearchParams;
  at: number;
}

/** Handles request number `index` (0-based). */
export type Handler = (request: SeenRequest, response: ServerResponse, index: number) => void | Promise<void>;

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
      const text = Buffer.concat(chunks).toString('utf8');
      const url = req.url ?? '';
      const seen: SeenRequest = {
        method: req.method ?? '',
        url,
        headers: req.headers,
        body: text,
        json: () => (text === '' ? {} : (JSON.parse(text) as Record<string, unknown>)),
        query: new URL(url, 'http://127.0.0.1').searchParams,
        at: performance.now(),
      };
      const index = requests.push(seen) - 1;
      res.on('close', () => {
        if (!res.writableFinished) state.aborted++;
      });
      const handler = handlers[Math.min(index, handlers.length - 1)];
      Promise.resolve()
        .then(() => handler?.(seen, res, index))
        .catch((error: unknown) => {
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`test handler failed: ${String(error)}`);
        });
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

/** What {@link answer} sends: a status (200 by default), a body and headers. */
export interface Answer {
  status?: number;
  body: string;
  headers?: Record<string, string>;
}

/**
 * A handler from a function of the request: for servers whose answer depends on what was asked.
 * @example startServer(answer((request) => ({ body: JSON.stringify(pageFor(request.json())) })))
 */
export function answer(respond: (request: SeenRequest, index: number) => Answer | Promise<Answer>): Handler {
  return async (request, response, index) => {
    const {
      status = 200,
      body,
      headers = { 'content-type': 'application/json' },
    } = await respond(request, index);
    response.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
    response.end(body);
  };
}

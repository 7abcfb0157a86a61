import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a test server saw of one request. */
export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  url: string;
}

/** A real HTTP server on 127.0.0.1 whose answers a test decides. */
export interface TestServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

type Handler = (request: SeenRequest, response: ServerResponse, raw: IncomingMessage) => void;

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((raw, response) => {
    const parsed = new URL(raw.url ?? '/', 'http://127.0.0.1');
    const seen: SeenRequest = {
      method: raw.method ?? 'GET',
      path: parsed.pathname,
      query: Object.fromEntries(parsed.searchParams),
      url: raw.url ?? '/',
    };
    requests.push(seen);
    handler(seen, response, raw);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers every request with `status` and `body`. */
export function answer(status: number, body: string, contentType = 'application/json'): Handler {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': contentType });
    response.end(body);
  };
}

/** A port nothing listens on: open a server, note its port, close it. */
export async function closedPort(): Promise<string> {
  const server = await startServer(answer(200, '[]'));
  const { url } = server;
  await server.close();
  return url;
}

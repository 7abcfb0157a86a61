import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request a {@link startServer} server received, its JSON body parsed. */
export interface SeenRequest {
  method: string;
  url: string;
  body: Record<string, unknown>;
}

/** What a test server answers: a status and a body. */
export type Answer = { status?: number; body: string; headers?: Record<string, string> };

/**
 * A real HTTP server on 127.0.0.1 (port 0) for answers the emulator does not give: each request's
 * JSON body goes to `answer`, whose result is sent back.
 */
export async function startServer(answer: (request: SeenRequest) => Answer) {
  const requests: SeenRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const seen: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      };
      requests.push(seen);
      const { status = 200, body, headers = { 'content-type': 'application/json' } } = answer(seen);
      res.writeHead(status, headers);
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Every string an error exposes: message, stack, own properties, and the same for its causes. */
export function everythingIn(error: unknown, seen = new Set<unknown>()): string {
  if (error === null || error === undefined || seen.has(error)) return '';
  seen.add(error);
  if (typeof error !== 'object') return String(error);
  const parts: string[] = [];
  const object = error as Record<string, unknown>;
  if (error instanceof Error) parts.push(error.message, error.stack ?? '', everythingIn(error.cause, seen));
  for (const key of Object.getOwnPropertyNames(object)) {
    const value = object[key];
    if (typeof value === 'object' && value !== null) parts.push(everythingIn(value, seen));
    else parts.push(String(value));
  }
  try {
    parts.push(JSON.stringify(error));
  } catch {
    // Circular or exotic: the own properties above already cover it.
  }
  return parts.join('\n');
}

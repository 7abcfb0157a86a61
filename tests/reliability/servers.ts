/**
 * Small `node:http` servers for the reliability suite: a scripted server whose every answer a
 * test writes, and helpers to look for credentials in anything the SDK hands back.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { inspect } from 'node:util';

/** A request as the server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Answers one request. */
export type Handler = (request: SeenRequest, response: ServerResponse) => void;

/** A server on 127.0.0.1 with a free port. */
export interface TestServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** Starts a server that answers every request with `handler`. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      try {
        handler(seen, res);
      } catch {
        res.destroy();
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** A port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<string> {
  const server = await startServer(() => {});
  await server.close();
  return server.url;
}

/**
 * Every string reachable from `value`: own properties enumerable or not (symbol keys, getters,
 * `message`, `stack`, `cause` and its chain, nested objects and arrays), plus how Node prints it
 * (`util.inspect` with hidden properties) and `String(value)`. What a log line or an error
 * tracker could ever show of it.
 */
export function everyString(value: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const walk = (current: unknown, depth: number): void => {
    if (typeof current === 'string') {
      out.push(current);
      return;
    }
    if (typeof current === 'function') {
      // A class or function reached as a property: its name only (its source is ours).
      out.push(current.name);
      return;
    }
    if (current === null || typeof current !== 'object' || seen.has(current) || depth > 12) return;
    seen.add(current);
    for (const key of Reflect.ownKeys(current)) {
      out.push(String(key));
      const descriptor = Object.getOwnPropertyDescriptor(current, key);
      let property: unknown = descriptor?.value;
      if (descriptor?.get !== undefined) {
        try {
          property = descriptor.get.call(current);
        } catch {
          property = undefined;
        }
      }
      walk(property, depth + 1);
    }
  };
  walk(value, 0);
  out.push(inspect(value, { showHidden: true, depth: 12, getters: true }));
  try {
    out.push(String(value));
    out.push(JSON.stringify(value) ?? '');
  } catch {
    // A cycle, or a value without toString: the walk above has it.
  }
  return out;
}

/** The forms a credential takes on the wire and in error texts. */
export function secretForms(secret: string): string[] {
  const xml = secret.replace(
    /[&<>"']/g,
    (char) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[char]};`,
  );
  return [
    ...new Set([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1),
      xml,
    ]),
  ];
}

/** The credential values (in every form) that occur in `value`, if any. */
export function leakedSecrets(value: unknown, secrets: readonly string[]): string[] {
  const strings = everyString(value);
  const leaks = new Set<string>();
  for (const secret of secrets) {
    for (const form of secretForms(secret)) {
      if (strings.some((text) => text.includes(form))) leaks.add(form);
    }
  }
  return [...leaks];
}

import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the test server received. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What the test server answers: a status and a body (XML unless told). */
export interface Answer {
  status?: number;
  body: string;
  contentType?: string;
}

/** A real HTTP server on loopback that records every request and answers with `handler`. */
export async function startServer(handler: (request: SeenRequest) => Answer | string) {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      const answer = handler(seen);
      const {
        status = 200,
        body,
        contentType = 'text/xml',
      } = typeof answer === 'string' ? { body: answer } : answer;
      res.writeHead(status, { 'content-type': contentType });
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

/** A fixture's text. */
export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
}

/** The bSmartXML fields of a request body or query string, as name → value. */
export function requestFields(request: SeenRequest): Record<string, string> {
  if (request.method === 'GET') {
    return Object.fromEntries(new URL(request.url, 'http://x').searchParams);
  }
  const fields: Record<string, string> = {};
  for (const match of request.body.matchAll(/<(\w+) value="([^"]*)"\/>/g)) fields[match[1]!] = match[2]!;
  return fields;
}

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the server received, its form body decoded. */
export interface ReceivedForm {
  method: string;
  path: string;
  contentType: string;
  body: string;
  form: URLSearchParams;
}

/** What a handler answers: a body (JSON or XML text) and optionally a status. */
export interface FormAnswer {
  status?: number;
  body: string;
  contentType?: string;
}

/**
 * A real HTTP server on loopback that hands each POSTed form to `answer`, for the cases the
 * emulator does not produce (odd `cdr` keys, doc samples in another date range, exact error
 * bodies). Every request is kept in `requests`.
 */
export async function startFormServer(
  answer: (form: URLSearchParams, index: number) => FormAnswer,
): Promise<{ url: string; requests: ReceivedForm[]; close: () => Promise<void> }> {
  const requests: ReceivedForm[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const form = new URLSearchParams(body);
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        contentType: req.headers['content-type'] ?? '',
        body,
        form,
      });
      const reply = answer(form, requests.length - 1);
      res.statusCode = reply.status ?? 200;
      res.setHeader('content-type', reply.contentType ?? 'application/json');
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
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

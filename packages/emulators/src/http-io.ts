/**
 * Reading requests and writing answers: the body as text (up to a limit), and lazy bodies
 * collected up to a size, then streamed chunk by chunk with backpressure.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_REQUEST_BODY = 5 * 1024 * 1024;
/** Bodies up to this size get a Content-Length; larger ones are streamed in chunks. */
const BUFFER_LIMIT = 1024 * 1024;

/** The request's headers, repeated ones joined with `, `. */
export function headerRecord(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** The request body as text, or null when it is larger than the emulators accept. */
export async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BODY) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Waits `ms`, or less when the client goes away first. */
export function sleep(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    }
    res.once('close', done);
  });
}

/** Collects a lazy body until it ends or grows past the buffer limit. */
export function collect(body: Iterable<string>): { head: string; rest: Iterator<string> | null } {
  const iterator = body[Symbol.iterator]();
  let head = '';
  for (;;) {
    const step = iterator.next();
    if (step.done) return { head, rest: null };
    head += step.value;
    if (head.length >= BUFFER_LIMIT) return { head, rest: iterator };
  }
}

/** Writes a chunk and waits for the socket to drain (or close) before the next one. */
export async function writeChunk(res: ServerResponse, chunk: string): Promise<boolean> {
  if (res.destroyed) return false;
  if (!res.write(chunk)) {
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  }
  return !res.destroyed;
}

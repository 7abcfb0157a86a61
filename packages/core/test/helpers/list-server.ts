import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a list server saw: every request, how many ran at once, which were aborted by the client. */
export interface ListServerStats {
  requests: URLSearchParams[];
  maxConcurrent: number;
  aborted: number;
}

/**
 * A real HTTP server that pages over `count` records by `offset`/`limit`, answering
 * `{ total, items: [{ id }], next }` after `delayMs`. `shiftAfter` simulates records inserted at
 * the front after that many requests (offset paging then repeats records).
 */
export async function startListServer(options: {
  count: number;
  delayMs?: number;
  shiftAfter?: { requests: number; inserted: number };
}): Promise<{ url: string; stats: ListServerStats; close: () => Promise<void> }> {
  const stats: ListServerStats = { requests: [], maxConcurrent: 0, aborted: 0 };
  let concurrent = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    stats.requests.push(query);
    concurrent++;
    stats.maxConcurrent = Math.max(stats.maxConcurrent, concurrent);
    let finished = false;
    res.on('close', () => {
      concurrent--;
      if (!finished) stats.aborted++;
    });
    const answer = () => {
      if (res.destroyed) return;
      const offset = Number(query.get('offset') ?? 0);
      const limit = Number(query.get('limit') ?? 10);
      const shift =
        options.shiftAfter && stats.requests.length > options.shiftAfter.requests
          ? options.shiftAfter.inserted
          : 0;
      const total = options.count + shift;
      const ids: string[] = [];
      for (let i = offset; i < Math.min(offset + limit, total); i++) {
        ids.push(i < shift ? `new-${i}` : `r${i - shift}`);
      }
      const next = offset + limit < total ? offset + limit : null;
      finished = true;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ total, items: ids.map((id) => ({ id })), next }));
    };
    if (options.delayMs) setTimeout(answer, options.delayMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

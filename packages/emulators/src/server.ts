/**
 * The HTTP side shared by all five emulators: recording requests, CORS, faults, and writing
 * answers (small ones with a Content-Length, large ones streamed with backpressure so that a
 * million records never sit in memory).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { decideFault, type FaultDecision, malform, shorten, validateFaults } from './faults.js';
import { collect, headerRecord, readBody, sleep, writeChunk } from './http-io.js';
import type { FaultCounts, Faults } from './options.js';
import type { ProviderHandler, Reply } from './provider.js';
import type { RecordedRequest } from './types.js';

/** How to run one emulator's server. */
export interface ServerOptions {
  port: number;
  host: string;
  cors: boolean;
  seed: number;
  faults: Faults | undefined;
}

/** A listening server and what it has seen. */
export interface RunningServer {
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  readonly requestCount: number;
  readonly faultCounts: Readonly<FaultCounts>;
  setFaults(faults: Faults | undefined): void;
  close(): Promise<void>;
}

const RING_SIZE = 2000;
const CORS_EXPOSE = 'Retry-After, Content-Length, Content-Type, Content-Disposition, Date';

function emptyCounts(): FaultCounts {
  return {
    serverError: 0,
    rateLimit: 0,
    drop: 0,
    truncate: 0,
    malformed: 0,
    latency: 0,
    clockSkew: 0,
    insert: 0,
  };
}

/** Starts one emulator's HTTP server. */
export async function startServer(handler: ProviderHandler, options: ServerOptions): Promise<RunningServer> {
  const ring: RecordedRequest[] = [];
  let ringStart = 0;
  let requestCount = 0;
  const counts = emptyCounts();
  let faults: Faults | undefined;
  let faultSequence = 0;
  let matchedSinceSet = 0;
  let insertArmed = false;
  const sockets = new Set<Socket>();
  let origin = '';

  function setFaults(next: Faults | undefined): void {
    if (next) validateFaults(next);
    faults = next;
    matchedSinceSet = 0;
    insertArmed = next?.insertAfterRequests !== undefined;
  }
  setFaults(options.faults);

  function remember(request: RecordedRequest): void {
    if (ring.length < RING_SIZE) ring.push(request);
    else {
      ring[ringStart] = request;
      ringStart = (ringStart + 1) % RING_SIZE;
    }
  }

  function corsHeaders(): Record<string, string> {
    if (!options.cors) return {};
    return { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': CORS_EXPOSE };
  }

  async function respond(
    res: ServerResponse,
    reply: Reply,
    decision: FaultDecision | null,
    markDropped: () => void,
  ): Promise<void> {
    const headers: Record<string, string | number> = {
      'Content-Type': reply.contentType,
      ...reply.headers,
      ...corsHeaders(),
    };
    const kind = decision?.kind ?? null;
    let text: string;
    let rest: Iterator<string> | null = null;
    if (typeof reply.body === 'string') text = reply.body;
    else ({ head: text, rest } = collect(reply.body));

    if (rest === null) {
      let bytes: Buffer = Buffer.from(text, 'utf8');
      if (kind === 'drop') {
        counts.drop++;
        markDropped();
        res.writeHead(reply.status, { ...headers, 'Content-Length': bytes.length });
        res.write(shorten(bytes), () => res.destroy());
        return;
      }
      if (kind === 'truncate') {
        counts.truncate++;
        bytes = shorten(bytes);
      } else if (kind === 'malformed') {
        counts.malformed++;
        bytes = Buffer.from(malform(text), 'utf8');
      }
      res.writeHead(reply.status, { ...headers, 'Content-Length': bytes.length });
      res.end(bytes);
      return;
    }

    // Streamed (chunked) answer.
    res.writeHead(reply.status, headers);
    if (kind === 'drop') {
      counts.drop++;
      markDropped();
      res.write(text, () => res.destroy());
      return;
    }
    if (kind === 'truncate') {
      counts.truncate++;
      res.end(text);
      return;
    }
    if (kind === 'malformed') {
      counts.malformed++;
      res.end(malform(text));
      return;
    }
    if (!(await writeChunk(res, text))) return;
    let pending = '';
    for (let step = rest.next(); !step.done; step = rest.next()) {
      pending += step.value;
      if (pending.length >= 64 * 1024) {
        if (!(await writeChunk(res, pending))) return;
        pending = '';
      }
    }
    res.end(pending);
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const parsed = new URL(rawUrl, 'http://emulator.invalid');
    const query: Record<string, string> = {};
    for (const [name, value] of parsed.searchParams) query[name] = value;
    const request: RecordedRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: parsed.pathname,
      url: rawUrl,
      query,
      headers: headerRecord(req),
      body: '',
      aborted: false,
    };
    requestCount++;
    remember(request);
    let droppedByFault = false;
    res.on('close', () => {
      if (!res.writableFinished && !droppedByFault) request.aborted = true;
    });

    const body = await readBody(req).catch(() => null);
    if (body === null) {
      if (!res.destroyed) {
        res.writeHead(413, { 'Content-Type': 'text/plain; charset=utf-8', ...corsHeaders() });
        res.end('Request body too large');
      }
      return;
    }
    request.body = body;

    if (options.cors && request.method === 'OPTIONS') {
      res.writeHead(204, {
        ...corsHeaders(),
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers':
          request.headers['access-control-request-headers'] ?? 'Content-Type, Accept, Authorization',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }

    const active = faults;
    const fixture = handler.isFixture(request);
    const matched = active !== undefined && (active.match ? active.match(request) : !fixture);
    let decision: FaultDecision | null = null;
    if (matched && active) {
      decision = decideFault(active, options.seed, faultSequence++);
      if (decision.latencyMs > 0) {
        counts.latency++;
        await sleep(decision.latencyMs, res);
        if (res.destroyed) return;
      }
    }

    let reply: Reply;
    if (decision?.kind === 'rateLimit') {
      counts.rateLimit++;
      reply = {
        status: 429,
        contentType: 'text/plain; charset=utf-8',
        headers: { 'Retry-After': String(active?.retryAfterSec ?? 1) },
        body: 'Too Many Requests',
      };
      decision = null;
    } else if (decision?.kind === 'serverError') {
      counts.serverError++;
      const texts: Record<number, string> = {
        500: 'Internal Server Error',
        502: 'Bad Gateway',
        503: 'Service Unavailable',
      };
      reply = {
        status: decision.status,
        contentType: 'text/html; charset=utf-8',
        body: `<html><head><title>${decision.status} ${texts[decision.status]}</title></head><body><h1>${texts[decision.status]}</h1></body></html>`,
      };
      decision = null;
    } else {
      const skewMs = matched && active?.clockSkewSec ? active.clockSkewSec * 1000 : 0;
      try {
        reply = handler.handle(request, {
          nowMs: Date.now() + skewMs,
          skewMs,
          noteClockSkew: () => {
            counts.clockSkew++;
          },
          origin,
          faults: matched ? active : undefined,
        });
      } catch (error) {
        reply = {
          status: 500,
          contentType: 'text/plain; charset=utf-8',
          body: `Emulator bug: ${error instanceof Error ? error.message : String(error)}`,
        };
        decision = null;
      }
    }

    if (matched && active) {
      matchedSinceSet++;
      if (
        insertArmed &&
        active.insertAfterRequests !== undefined &&
        matchedSinceSet >= active.insertAfterRequests
      ) {
        insertArmed = false;
        const count = active.insertCount ?? 1;
        handler.insert(count);
        counts.insert += count;
      }
    }

    await respond(res, reply, decision, () => {
      droppedByFault = true;
    });
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500);
        res.end();
      } else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${host === '0.0.0.0' ? '127.0.0.1' : host === '[::]' ? '[::1]' : host}:${address.port}`;

  return {
    url: origin,
    get requests() {
      return [...ring.slice(ringStart), ...ring.slice(0, ringStart)];
    },
    get requestCount() {
      return requestCount;
    },
    get faultCounts() {
      return { ...counts };
    },
    setFaults,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

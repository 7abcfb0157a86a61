import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request a {@link TestServer} received. */
export interface SeenRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
}

/** A real HTTP server on 127.0.0.1 that answers with `handler` and keeps what it saw. */
export interface TestServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** Starts a `node:http` server on a free loopback port. */
export async function startServer(
  handler: (request: SeenRequest, response: ServerResponse) => void | Promise<void>,
): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((incoming, response) => {
    const seen = {
      method: incoming.method ?? 'GET',
      url: new URL(incoming.url ?? '/', 'http://127.0.0.1'),
      headers: incoming.headers,
    };
    requests.push(seen);
    Promise.resolve(handler(seen, response)).catch((error: unknown) => {
      response.statusCode = 599;
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Answers JSON. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** A minimal SDR as the JSON API carries it. */
export function wireSdr(id: number, billStart: string): Record<string, unknown> {
  return {
    id,
    href: `https://api.nimblevox.com/sdr/${id}`,
    seqnum: id.toString(16).toUpperCase().padStart(30, '0'),
    subscriber: '99999002607',
    billStart,
    billEnd: billStart,
    callingParty: '123456789',
    calledParty: '987654321',
    callType: 'Application_Outdial',
    serviceType: 'Outbound_Call',
    billUnits: 60,
    moneyCharge: 0.03,
    bonusCharge: 0.0,
    endingBalance: -392.15,
    endingBonusBalance: 0.0,
    correlationId: `C${id}`,
    serviceTime: 4,
    clientTime: 14,
    customCallDataList: null,
  };
}

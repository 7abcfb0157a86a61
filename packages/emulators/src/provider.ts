/** What an emulated provider implements, apart from the HTTP plumbing (server.ts). */
import type { Faults } from './options.js';
import type { RecordedRequest } from './types.js';

/** An answer as a provider computes it; the server adds CORS and faults. */
export interface Reply {
  status: number;
  contentType: string;
  /** A string, or chunks computed lazily while the response streams. */
  body: string | Iterable<string>;
  headers?: Record<string, string>;
}

/** What a provider learns about the request besides the request itself. */
export interface RequestEnv {
  /** The server's clock, epoch ms (real time plus the Boxis clock skew when it applies). */
  nowMs: number;
  /** The clock skew applied to this request, ms. */
  skewMs: number;
  /** Counts a request rejected only because of the clock skew. */
  noteClockSkew(): void;
  /** The emulator's own origin, e.g. `http://127.0.0.1:40123`. */
  origin: string;
  /** The faults that apply to this request (`pageCap`, `answerCap`, …): undefined when none do. */
  faults: Faults | undefined;
}

/** A provider's request handler and data, independent of HTTP plumbing. */
export interface ProviderHandler {
  /** True for the requests that get a doc-sample fixture (never faulted by default). */
  isFixture(request: RecordedRequest): boolean;
  handle(request: RecordedRequest, env: RequestEnv): Reply;
  /** Inserts `count` records at the front of the serving order. */
  insert(count: number): void;
}

/** What every provider's factory receives, already validated. */
export interface ProviderSetup {
  seed: number;
  records: number;
  fromMs: number;
  toMs: number;
  /** The user's `timeZone` option, if any (each provider has its own default). */
  timeZone: string | undefined;
  /** The emulator's origin, known once the server listens. */
  origin(): string;
}

/** A provider's handler plus the data and credentials the emulator exposes. */
export interface ProviderInstance<Credentials, Dataset extends string, Row> extends ProviderHandler {
  readonly credentials: Credentials;
  readonly profileId: string | undefined;
  records(dataset?: Dataset): Generator<Row>;
}

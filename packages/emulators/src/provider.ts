import type { ProviderHandler } from './server.js';

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

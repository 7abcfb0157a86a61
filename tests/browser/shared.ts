/**
 * What global-setup.ts (Node), commands.ts (Node) and the browser tests share: the served
 * range, and the shape of what the setup provides to the page.
 */
import type {
  BoxisCredentials,
  IpingCredentials,
  MixvoipCredentials,
  MixvoipRecord,
  NimblevoxCredentials,
  TelecmiCredentials,
} from '@cdrkit/emulators';

/** Records per emulator (per endpoint for TeleCMI). */
export const RECORDS = 1200;

/** The range every emulator serves, and that the tests ask for: every record lies in it. */
export const RANGE = { from: '2024-01-01T00:00:00Z', to: '2024-01-31T00:00:00Z' } as const;

/** Where global-setup.ts leaves the running emulators for the browser commands. */
export const EMULATORS_KEY = Symbol.for('cdrkit.browser-tests.emulators');

interface Served<C> {
  url: string;
  credentials: C;
}

export interface ProvidedEmulators {
  telecmi: Served<TelecmiCredentials> & { ids: { outAnswered: string[]; answered: string[] } };
  boxis: Served<BoxisCredentials> & { ids: string[] };
  mixvoip: Served<MixvoipCredentials> & { profileId: string; records: MixvoipRecord[] };
  iping: Served<IpingCredentials> & { ids: string[] };
  nimblevox: Served<NimblevoxCredentials> & { ids: string[] };
  /** A Nimblevox emulator that answers after 400 ms. */
  slow: Served<NimblevoxCredentials>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    emulators: ProvidedEmulators;
  }
}

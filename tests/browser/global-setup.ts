/**
 * Starts the five emulators in Node, with CORS on, before the browser suite, and hands the page
 * what it needs through `provide`: each one's URL and credentials, the range they serve, and
 * the ids of every record in it (what a complete iteration must return). The handles stay in
 * Node (on `globalThis`, for the browser commands in commands.ts); `close` runs after the suite.
 */
import { type Emulator, type ProviderName, startEmulator } from '@cdrkit/emulators';
import type { TestProject } from 'vitest/node';
import { EMULATORS_KEY, type ProvidedEmulators, RANGE, RECORDS } from './shared.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const options = { records: RECORDS, seed: 9, from: RANGE.from, to: RANGE.to, cors: true };
  const [telecmi, boxis, mixvoip, iping, nimblevox, slow, example] = await Promise.all([
    startEmulator('telecmi', options),
    startEmulator('boxis', options),
    startEmulator('mixvoip', options),
    startEmulator('iping', options),
    startEmulator('nimblevox', options),
    // For aborts: every answer takes a while, so there is always a request in flight to abort.
    startEmulator('nimblevox', { ...options, faults: { latencyMs: 400 } }),
    // For the example page: slow enough that Cancel lands mid-iteration.
    startEmulator('telecmi', { ...options, records: 2000, faults: { latencyMs: 300 } }),
  ]);
  const running: Record<string, Emulator<ProviderName>> = {
    telecmi,
    boxis,
    mixvoip,
    iping,
    nimblevox,
    slow,
    example,
  };
  (globalThis as Record<symbol, unknown>)[EMULATORS_KEY] = running;

  const sortedIds = <T>(records: Iterable<T>, id: (record: T) => unknown) =>
    [...records].map((r) => String(id(r))).sort();
  const provided: ProvidedEmulators = {
    telecmi: {
      url: telecmi.url,
      credentials: telecmi.credentials,
      ids: {
        outAnswered: sortedIds(telecmi.records('outanswered'), (r) => r._id),
        answered: sortedIds(telecmi.records('answered'), (r) => r._id),
      },
    },
    boxis: {
      url: boxis.url,
      credentials: boxis.credentials,
      ids: sortedIds(boxis.records(), (r) => r.uniqueid),
    },
    mixvoip: {
      url: mixvoip.url,
      credentials: mixvoip.credentials,
      profileId: mixvoip.profileId,
      records: [...mixvoip.records()],
    },
    iping: {
      url: iping.url,
      credentials: iping.credentials,
      ids: sortedIds(iping.records(), (r) => r.item_id),
    },
    nimblevox: {
      url: nimblevox.url,
      credentials: nimblevox.credentials,
      ids: sortedIds(nimblevox.records(), (r) => r.id),
    },
    slow: { url: slow.url, credentials: slow.credentials },
  };
  project.provide('emulators', provided);

  return async () => {
    await Promise.all(Object.values(running).map((emulator) => emulator.close()));
  };
}

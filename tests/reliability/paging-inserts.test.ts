/**
 * Records that arrive while a client pages. The emulators insert them at the front of the
 * serving order, so every offset shifts and a client paging by offset meets records again: none
 * of those repeats may reach the caller, and no record that was in the range when the
 * iteration started may be lost.
 */
import type { Emulator, ProviderName } from '@cdrkit/emulators';
import { afterEach, describe, expect, it } from 'vitest';
import { collectIds, duplicatesOf, FAST_RETRY, PROVIDERS, SUBJECTS } from './harness.js';

const RECORDS = 3000;
/** Records per page where the provider pages (Boxis and MIXvoip answer whole windows). */
const PAGE = 50;

const running: Emulator<ProviderName>[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emu) => emu.close()));
});

describe.each(PROVIDERS)('%s: records inserted mid-iteration', (name) => {
  const subject = SUBJECTS[name];
  const cases: [string, { insertAfterRequests: number; insertCount: number }][] = [
    ['a few records', { insertAfterRequests: 3, insertCount: 5 }],
    ['a burst of two and a half pages', { insertAfterRequests: 4, insertCount: 2 * PAGE + PAGE / 2 }],
    ['a burst of ten pages', { insertAfterRequests: 4, insertCount: 10 * PAGE }],
    ['a record on the very first request', { insertAfterRequests: 1, insertCount: 1 }],
  ];

  it.each(cases)(
    '%s: no duplicate reaches the caller and every original record is delivered',
    async (_, faults) => {
      const emu = await subject.start({ records: RECORDS, seed: 5, ...subject.range });
      running.push(emu);
      const list = subject.client(emu, { retry: FAST_RETRY });
      const original = await collectIds(subject, list(subject.range, { pageSize: PAGE }));
      expect(original).toHaveLength(RECORDS);

      emu.setFaults(faults);
      const delivered = await collectIds(subject, list(subject.range, { pageSize: PAGE, prefetch: 2 }));
      expect(emu.faultCounts.insert).toBe(faults.insertCount);
      expect(duplicatesOf(delivered)).toEqual([]);
      const before = new Set(original);
      const after = new Set(delivered);
      // Nothing of the closed range is lost …
      expect(original.filter((id) => !after.has(id))).toEqual([]);
      // … and what else arrived is among the inserted records.
      const inserted = subject.emulatorIds?.(emu).filter((id) => !before.has(id));
      const extra = delivered.filter((id) => !before.has(id));
      expect(extra.length).toBeLessThanOrEqual(faults.insertCount);
      if (inserted !== undefined) {
        expect(inserted).toHaveLength(faults.insertCount);
        for (const id of extra) expect(inserted).toContain(id);
      }
    },
  );
});

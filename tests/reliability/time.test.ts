/**
 * Time: a Boxis server whose clock is off, ranges across daylight-saving transitions in the
 * client's zone, and ranges that end in the future. Each yields exactly the records of its
 * range, computed here from the emulator's records with a zone conversion of this file's own
 * (Intl only), so the SDK's date code is checked against an independent one.
 */
import { BoxisClient } from '@cdrkit/boxis';
import type { ProviderName } from '@cdrkit/core';
import type { Emulator } from '@cdrkit/emulators';
import { describe, expect, it } from 'vitest';
import { collectIds, duplicatesOf, FAST_RETRY, type ListExtras, PROVIDERS, SUBJECTS } from './harness.js';

// --- an independent wall-time conversion ------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at `epochMs`, in ms. */
function offsetAt(epochMs: number, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const part = Object.fromEntries(
    formatter.formatToParts(epochMs).map(({ type, value }) => [type, Number(value)]),
  ) as Record<string, number>;
  const wall = Date.UTC(part.year ?? 0, (part.month ?? 1) - 1, part.day, part.hour, part.minute, part.second);
  return wall - Math.floor(epochMs / 1000) * 1000;
}

/** Epoch ms of a wall time in `timeZone`; the earlier instant when the wall time occurs twice. */
function wallToEpoch(wall: readonly number[], timeZone: string): number {
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = wall;
  const naive = Date.UTC(year, month - 1, day, hour, minute, second);
  const candidates = [-86_400_000, 0, 86_400_000]
    .map((shift) => naive - offsetAt(naive + shift, timeZone))
    .filter((epoch) => epoch + offsetAt(epoch, timeZone) === naive);
  if (candidates.length === 0) throw new Error(`${wall.join('-')} does not exist in ${timeZone}`);
  return Math.min(...candidates);
}

/** `yyyy-MM-dd HH:mm:ss` or `yyyy-MM-ddTHH:mm:ss`. */
function isoWall(text: string): number[] {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (match === null) throw new Error(`not a wall time: ${text}`);
  return match.slice(1).map(Number);
}

/** iPing's `MM/DD/YYYY hh:mmam` and `MM/DD/YYYY h:mm:sspm`. */
function usWall(text: string): number[] {
  const match = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?([ap]m)$/.exec(text.trim());
  if (match === null) throw new Error(`not an iPing time: ${text}`);
  const [, month, day, year, hour, minute, second = '0', half] = match;
  const h = (Number(hour) % 12) + (half === 'pm' ? 12 : 0);
  return [Number(year), Number(month), Number(day), h, Number(minute), Number(second)];
}

const IPING_ZONES: Record<string, string> = {
  '2': 'Pacific/Honolulu',
  '3': 'America/Anchorage',
  '4': 'America/Los_Angeles',
  '10': 'America/Denver',
  '15': 'America/Phoenix',
  '20': 'America/Chicago',
  '35': 'America/New_York',
  '40': 'America/Indiana/Indianapolis',
};

/** Each emulator record's id and start instant, read from its provider-native fields. */
function startsOf(name: ProviderName, emu: Emulator<ProviderName>, timeZone: string): [string, number][] {
  switch (name) {
    case 'telecmi':
      return [...(emu as Emulator<'telecmi'>).records('outanswered')].map((r) => [
        String(r.cmiuid ?? r._id),
        r.time,
      ]);
    case 'boxis':
      // The uniqueid carries the true epoch second of the start.
      return [...(emu as Emulator<'boxis'>).records()].map((r) => {
        const epoch = /-(\d+)\.\d+$/.exec(String(r.uniqueid))?.[1];
        return [String(r.uniqueid), Number(epoch) * 1000];
      });
    case 'mixvoip':
      return [];
    case 'iping':
      return [...(emu as Emulator<'iping'>).records('past')].map((r) => [
        String(r.item_id),
        wallToEpoch(usWall(String(r.notification_dt)), IPING_ZONES[String(r.timezone_id)] ?? timeZone),
      ]);
    case 'nimblevox':
      return [...(emu as Emulator<'nimblevox'>).records()].map((r) => [
        String(r.id),
        wallToEpoch(isoWall(r.billStart), timeZone),
      ]);
  }
}

/** MIXvoip records carry no id: the client's ids of its records, and their starts read here. */
async function mixvoipStarts(
  emu: Emulator<ProviderName>,
  timeZone: string,
  range: { from: string; to: string },
): Promise<[string, number][]> {
  const subject = SUBJECTS.mixvoip;
  const out: [string, number][] = [];
  for await (const item of subject.client(emu, { timeZone, retry: FAST_RETRY })(range)) {
    const record = item as { id: string; data: { call_start: string } };
    out.push([record.id, wallToEpoch(isoWall(record.data.call_start.replace(/\s+/, ' ')), timeZone)]);
  }
  return out;
}

function inRange(starts: [string, number][], from: number, to: number): string[] {
  return starts.filter(([, start]) => start >= from && start < to).map(([id]) => id);
}

// --- clock skew -------------------------------------------------------------------------------

describe('Boxis: a server clock that is off', () => {
  it.each([600, -600, 86_400])(
    'skewed by %i s: one rejected timestamp, synchronized, then every record',
    async (skewSec) => {
      const subject = SUBJECTS.boxis;
      const emu = (await subject.start({
        records: 800,
        seed: 2,
        ...subject.range,
        faults: { clockSkewSec: skewSec },
      })) as Emulator<'boxis'>;
      try {
        const client = new BoxisClient({ ...emu.credentials, baseUrl: emu.url, retry: FAST_RETRY });
        const ids: string[] = [];
        for await (const cdr of client.getCDR({ ...subject.range, windowSpan: { days: 7 }, prefetch: 3 })) {
          ids.push(String(cdr.uniqueid));
        }
        expect(ids).toHaveLength(800);
        expect(duplicatesOf(ids)).toEqual([]);
        // Only the first request paid for the skew: the offset is kept for the rest.
        expect(emu.faultCounts.clockSkew).toBeGreaterThanOrEqual(1);
        expect(emu.faultCounts.clockSkew).toBeLessThanOrEqual(3);
        expect(Math.abs(client.clockOffsetSec - skewSec)).toBeLessThanOrEqual(2);
      } finally {
        await emu.close();
      }
    },
  );

  it('skewed by 10 min while 5xx are retried: the retries sign with the corrected clock', async () => {
    const subject = SUBJECTS.boxis;
    const emu = (await subject.start({
      records: 800,
      seed: 2,
      ...subject.range,
      faults: { clockSkewSec: 600, serverErrorRate: 0.3 },
    })) as Emulator<'boxis'>;
    try {
      const client = new BoxisClient({ ...emu.credentials, baseUrl: emu.url, retry: FAST_RETRY });
      const ids = (await client.getCDR({ ...subject.range, windowSpan: { days: 7 } }).toArray()).map(
        (cdr) => cdr.uniqueid,
      );
      expect(ids).toHaveLength(800);
      expect(emu.faultCounts.serverError).toBeGreaterThan(0);
      expect(emu.faultCounts.clockSkew).toBeLessThanOrEqual(2);
    } finally {
      await emu.close();
    }
  });

  it('within the tolerance (2 min): no synchronization is needed', async () => {
    const subject = SUBJECTS.boxis;
    const emu = (await subject.start({
      records: 200,
      seed: 2,
      ...subject.range,
      faults: { clockSkewSec: 120 },
    })) as Emulator<'boxis'>;
    try {
      const client = new BoxisClient({ ...emu.credentials, baseUrl: emu.url, retry: FAST_RETRY });
      const page = await client.getCDR({ ...subject.range, windowSpan: { days: 200 } });
      expect(page.items).toHaveLength(200);
      expect(emu.faultCounts.clockSkew).toBe(0);
      expect(client.clockOffsetSec).toBe(0);
      expect(emu.requestCount).toBe(1);
    } finally {
      await emu.close();
    }
  });
});

// --- daylight-saving transitions ---------------------------------------------------------------

/** The four transitions, and a range around each in wall time of its zone. */
const TRANSITIONS = [
  { zone: 'Europe/Zurich', what: 'spring-forward', day: '2024-03-31' },
  { zone: 'Europe/Zurich', what: 'fall-back', day: '2024-10-27' },
  { zone: 'America/New_York', what: 'spring-forward', day: '2024-03-10' },
  { zone: 'America/New_York', what: 'fall-back', day: '2024-11-03' },
] as const;

/** How each provider is asked, so that windows (where it has them) meet inside the transition. */
const DST_EXTRAS: Partial<Record<ProviderName, ListExtras[]>> = {
  boxis: [{ pageSize: 1 }, { pageSize: 24 }],
  iping: [{ pageSize: 20 }],
  nimblevox: [{ pageSize: 20 }, { pageSize: 20, format: 'xml' }],
  telecmi: [{ pageSize: 20 }],
  mixvoip: [{}],
};

describe.each(TRANSITIONS)('$what in $zone ($day)', ({ zone, day }) => {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  // Two days around the transition, about one record a minute; the range is the transition's
  // local night, 00:00 to 06:00 as wall times of the client's zone.
  const around = {
    from: new Date(Date.UTC(year, month - 1, date - 1)).toISOString(),
    to: new Date(Date.UTC(year, month - 1, date + 1, 12)).toISOString(),
  };
  const range = { from: `${day}T00:00:00`, to: `${day}T06:00:00` };
  const from = wallToEpoch([year, month, date, 0, 0, 0], zone);
  const to = wallToEpoch([year, month, date, 6, 0, 0], zone);

  it.each(PROVIDERS.flatMap((name) => (DST_EXTRAS[name] ?? [{}]).map((extras) => [name, extras] as const)))(
    '%s %o: exactly the records of the range',
    async (name, extras) => {
      const subject = SUBJECTS[name];
      const emu = await subject.start({ records: 3600, seed: 8, ...around, timeZone: zone });
      try {
        const starts =
          name === 'mixvoip' ? await mixvoipStarts(emu, zone, around) : startsOf(name, emu, zone);
        const expected = inRange(starts, from, to);
        // The range really crosses the transition: 5 or 7 hours long, records on both sides.
        expect(Math.abs(to - from - 6 * 3_600_000)).toBe(3_600_000);
        expect(expected.length).toBeGreaterThan(200);
        const ids = await collectIds(
          subject,
          subject.client(emu, { timeZone: zone, retry: FAST_RETRY })(range, extras),
        );
        expect(duplicatesOf(ids)).toEqual([]);
        expect([...ids].sort()).toEqual([...expected].sort());
      } finally {
        await emu.close();
      }
    },
  );
});

/** Each record's id and the earlier reading of its naive start: where cdrkit places it. */
function naiveStartsOf(
  name: ProviderName,
  emu: Emulator<ProviderName>,
  timeZone: string,
): [string, number][] {
  if (name === 'boxis') {
    return [...(emu as Emulator<'boxis'>).records()].map((r) => [
      String(r.uniqueid),
      wallToEpoch(isoWall(String(r.start)), timeZone),
    ]);
  }
  return startsOf(name, emu, timeZone);
}

describe.each(TRANSITIONS.filter((transition) => transition.what === 'fall-back'))(
  'a range that ends inside the repeated hour of $zone ($day)',
  ({ zone, day }) => {
    const [year, month, date] = day.split('-').map(Number) as [number, number, number];
    const around = {
      from: new Date(Date.UTC(year, month - 1, date - 1)).toISOString(),
      to: new Date(Date.UTC(year, month - 1, date + 1, 12)).toISOString(),
    };
    // Half past the first hour that repeats, on its second pass (the zone's standard offset).
    const standard = zone === 'Europe/Zurich' ? '+01:00' : '-05:00';
    const repeated = zone === 'Europe/Zurich' ? '02:30:00' : '01:30:00';
    const range = { from: `${day}T00:00:00`, to: `${day}T${repeated}${standard}` };
    const from = wallToEpoch([year, month, date, 0, 0, 0], zone);
    const to = Date.parse(range.to);

    it.each([
      ['boxis', { pageSize: 1 }],
      ['boxis', { pageSize: 24 }],
      ['nimblevox', { pageSize: 50 }],
      ['nimblevox', { pageSize: 50, format: 'xml' }],
      ['telecmi', { pageSize: 50 }],
    ] as const)(
      '%s %o: every record the range holds, each placed by the earlier reading of its wall time',
      async (name, extras) => {
        const subject = SUBJECTS[name];
        const emu = await subject.start({ records: 3600, seed: 8, ...around, timeZone: zone });
        try {
          const expected = inRange(naiveStartsOf(name, emu, zone), from, to);
          expect(expected.length).toBeGreaterThan(100);
          const ids = await collectIds(
            subject,
            subject.client(emu, { timeZone: zone, retry: FAST_RETRY })(range, extras),
          );
          expect(duplicatesOf(ids)).toEqual([]);
          expect([...ids].sort()).toEqual([...expected].sort());
        } finally {
          await emu.close();
        }
      },
    );
  },
);

// --- ranges that end in the future -----------------------------------------------------------

describe('ranges that end in the future', () => {
  const now = Date.now();
  const HOUR = 3_600_000;
  // Every record lies in the last three days (the emulator's data ends a minute ago).
  const existing = {
    from: new Date(now - 72 * HOUR).toISOString(),
    to: new Date(now - 60_000).toISOString(),
  };

  it.each(PROVIDERS)('%s: no error, exactly the records that exist', async (name) => {
    const subject = SUBJECTS[name];
    const emu = await subject.start({ records: 1500, seed: 6, ...existing });
    try {
      const range = {
        from: new Date(now - 48 * HOUR).toISOString(),
        to: new Date(now + 30 * 24 * HOUR).toISOString(),
      };
      const list = subject.client(emu, { retry: FAST_RETRY });
      const ids = await collectIds(subject, list(range, name === 'boxis' ? { pageSize: 24 } : {}));
      const starts =
        name === 'mixvoip' ? await mixvoipStarts(emu, 'UTC', existing) : startsOf(name, emu, 'UTC');
      const expected = inRange(starts, Date.parse(range.from), Date.parse(range.to));
      expect(expected.length).toBeGreaterThan(800);
      expect(expected.length).toBeLessThan(1500);
      expect([...ids].sort()).toEqual([...expected].sort());
    } finally {
      await emu.close();
    }
  });

  it.each(PROVIDERS)('%s: a range wholly in the future is empty, without error', async (name) => {
    const subject = SUBJECTS[name];
    const emu = await subject.start({ records: 300, seed: 6, ...existing });
    try {
      const range = {
        from: new Date(now + HOUR).toISOString(),
        to: new Date(now + 7 * 24 * HOUR).toISOString(),
      };
      const ids = await collectIds(subject, subject.client(emu, { retry: FAST_RETRY })(range));
      expect(ids).toEqual([]);
    } finally {
      await emu.close();
    }
  });
});

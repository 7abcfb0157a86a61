import { join } from 'node:path';
import { InvalidArgumentError } from '@cdrkit/core';
import { MixvoipClient } from '@cdrkit/mixvoip';
import { TeleCmiClient } from '@cdrkit/telecmi';
import { afterAll, describe, expect, it } from 'vitest';
import { accountOf } from '../src/account.js';
import { sqliteStore } from '../src/store/sqlite.js';
import { parseLookback, sync } from '../src/sync.js';
import { emulate, tempDir } from './helpers.js';

const from = '2024-01-01T00:00:00.000Z';
const to = '2024-01-08T00:00:00.000Z';
const temp = tempDir();
afterAll(() => temp.remove());

describe('accountOf', () => {
  it('derives each provider’s account from what identifies it, never from a secret', () => {
    // The client's own options, secrets and all: only the identifying fields are read.
    const telecmi = { appId: 1111113, token: 'tok-secret' };
    const boxis = { userName: 'ops@example.com', userKey: 'k-secret', tenant: 'VOICE-12001-1' };
    const mixvoip = { userName: 'reseller', password: 'pw-secret', profileId: 12345 };
    const iping = { userName: 'acme', password: 'pw-secret' };
    expect(accountOf('telecmi', telecmi)).toBe('1111113');
    expect(accountOf('boxis', boxis)).toBe('ops@example.com/VOICE-12001-1');
    expect(accountOf('boxis', { userName: 'ops@example.com' })).toBe('ops@example.com');
    expect(accountOf('mixvoip', mixvoip)).toBe('reseller/12345');
    expect(accountOf('iping', iping)).toBe('acme');
  });

  it('labels a Nimblevox account by a slow hash of its API key: stable, distinct, not the key', () => {
    const apiKey = 'nv-live-0123456789abcdef';
    const label = accountOf('nimblevox', { apiKey });
    expect(label).toMatch(/^key-[0-9a-f]{16}$/);
    expect(label).not.toContain(apiKey);
    expect(label).not.toContain(apiKey.slice(-8));
    expect(accountOf('nimblevox', { apiKey })).toBe(label);
    expect(accountOf('nimblevox', { apiKey: `${apiKey}x` })).not.toBe(label);
  });

  it('names the missing field', () => {
    expect(() => accountOf('mixvoip', { userName: 'reseller' })).toThrow(InvalidArgumentError);
    expect(() => accountOf('mixvoip', { userName: 'reseller' })).toThrow(/profileId/);
  });
});

describe('parseLookback', () => {
  it('reads milliseconds and durations with a unit', () => {
    expect(parseLookback(0)).toBe(0);
    expect(parseLookback('90m')).toBe(5_400_000);
    expect(parseLookback('24h')).toBe(86_400_000);
    expect(parseLookback('7d')).toBe(604_800_000);
    expect(parseLookback('1.5s')).toBe(1500);
  });

  it.each(['', '24', '-1h', 'a day', '3w'])('refuses %j with an InvalidArgumentError', (value) => {
    expect(() => parseLookback(value)).toThrow(InvalidArgumentError);
  });
});

describe('sync: bad input, before any request', () => {
  it('refuses a first run without `from`', async () => {
    const emu = await emulate('telecmi', { records: 10, from, to });
    const store = await sqliteStore(join(temp.dir, 'nofrom.sqlite'));
    try {
      await expect(sync({ source: emu.source, store, to })).rejects.toThrow(
        /first sync of telecmi account \d+ \(outAnswered\) needs `from`/,
      );
      expect(emu.requestCount()).toBe(0);
    } finally {
      await store.close();
      await emu.close();
    }
  });

  it('refuses a bad lookback, a bad date and a `limit` among the list options', async () => {
    const store = await sqliteStore(':memory:');
    const client = new TeleCmiClient({ appId: 1, token: 't', baseUrl: 'http://127.0.0.1:9' });
    const source = { provider: 'telecmi' as const, account: '1', client, method: 'outAnswered' as const };
    try {
      await expect(sync({ source, store, from, lookback: 'soon' })).rejects.toThrow(/lookback/);
      await expect(sync({ source, store, from: 'yesterday' })).rejects.toThrow(InvalidArgumentError);
      await expect(
        sync({ source: { ...source, options: { limit: 5 } as never }, store, from, to }),
      ).rejects.toThrow(/remove `limit`/);
      await expect(
        sync({ source: { ...source, method: 'analysis' as never }, store, from, to }),
      ).rejects.toThrow(/source.method/);
      await expect(sync({ source: { ...source, account: '' }, store, from, to })).rejects.toThrow(
        /source.account/,
      );
    } finally {
      await store.close();
    }
  });

  it('refuses records of another provider than the source says', async () => {
    const emu = await emulate('boxis', { records: 10, from, to });
    const store = await sqliteStore(':memory:');
    try {
      await expect(sync({ source: { ...emu.source, provider: 'iping' }, store, from, to })).rejects.toThrow(
        /says provider "iping" but its records come from "boxis"/,
      );
    } finally {
      await store.close();
      await emu.close();
    }
  });
});

describe('sync: a client and its list method as the source', () => {
  it('calls the method with its filters and the range', async () => {
    const emu = await emulate('mixvoip', { records: 200, seed: 4, from, to });
    const store = await sqliteStore(':memory:');
    try {
      const { userName, password, profileId } = emu.settings as {
        userName: string;
        password: string;
        profileId: string;
      };
      const client = new MixvoipClient({ userName, password, baseUrl: emu.url });
      const summary = await sync({
        source: {
          provider: 'mixvoip',
          account: accountOf('mixvoip', { userName, profileId }),
          client,
          method: 'getCalls',
          options: { profileId },
        },
        store,
        from,
        to,
      });
      expect(summary).toMatchObject({
        operation: 'getCalls',
        account: `${userName}/${profileId}`,
        inserted: 200,
      });
    } finally {
      await store.close();
      await emu.close();
    }
  });

  it('stops with an AbortError when its signal is already aborted, writing nothing', async () => {
    const emu = await emulate('nimblevox', { records: 50, from, to });
    const store = await sqliteStore(':memory:');
    try {
      const controller = new AbortController();
      controller.abort();
      const error = await sync({ source: emu.source, store, from, to, signal: controller.signal }).catch(
        (e: unknown) => e,
      );
      expect((error as Error).name).toBe('AbortError');
      expect(emu.requestCount()).toBe(0);
    } finally {
      await store.close();
      await emu.close();
    }
  });
});

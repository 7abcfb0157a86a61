import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startEmulator } from '@cdrkit/emulators';
import { describe, expect, it } from 'vitest';
import { EXIT, main } from '../src/main.js';
import { run } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'cdrkit-cli-sync-'));
const range = ['--from', '2024-01-01T00:00:00Z', '--to', '2024-02-01T00:00:00Z'];

describe('cdrkit sync', () => {
  it('syncs an emulated provider into SQLite; a second run finds nothing new', async () => {
    const db = join(dir, 'emulated.sqlite');
    const args = ['sync', '--provider', 'telecmi', '--db', db, '--emulate', '--records', '300'];
    const first = await run(args);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(EXIT.ok);
    expect(first.stdout).toMatch(
      /^telecmi \d+ outAnswered: 300 inserted, 0 updated, 0 unchanged .*watermark 2024-07-01T00:00:00.000Z\n$/,
    );

    const second = await run([...args, '--json']);
    expect(second.code).toBe(EXIT.ok);
    const summary = JSON.parse(second.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({
      provider: 'telecmi',
      inserted: 0,
      updated: 0,
      watermark: '2024-07-01T00:00:00.000Z',
    });
    // The default lookback (24h) reads the last day again.
    expect(summary.from).toBe('2024-06-30T00:00:00.000Z');
  });

  it('reads credentials from the environment, derives the account, and keeps no secret', async () => {
    const emu = await startEmulator('boxis', { records: 120, from: '2024-01-01', to: '2024-02-01' });
    try {
      const db = join(dir, 'boxis.sqlite');
      const result = await run(['sync', '--provider', 'boxis', '--db', db, ...range, '--base-url', emu.url], {
        BOXIS_USERNAME: emu.credentials.userName,
        BOXIS_USER_KEY: emu.credentials.userKey,
        BOXIS_TENANT: emu.credentials.tenant,
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(EXIT.ok);
      expect(result.stdout).toContain(
        `boxis ${emu.credentials.userName}/${emu.credentials.tenant} getCDR: 120 inserted`,
      );
      expect(result.stdout).not.toContain(emu.credentials.userKey);
    } finally {
      await emu.close();
    }
  });
});

describe('cdrkit sync on a terminal', () => {
  it('draws a progress line on stderr, and keeps stdout for the summary', async () => {
    const stdout = new PassThrough();
    const stderr = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
    let out = '';
    let err = '';
    stdout.on('data', (chunk: Buffer) => {
      out += chunk;
    });
    stderr.on('data', (chunk: Buffer) => {
      err += chunk;
    });
    const db = join(dir, 'tty.sqlite');
    const code = await main(
      ['sync', '--provider', 'nimblevox', '--db', db, '--emulate', '--records', '2000'],
      {
        stdout,
        stderr,
        env: {},
      },
    );
    expect(code).toBe(EXIT.ok);
    expect(err).toMatch(/nimblevox listSdrs \| \d+ records \| \d+ new \| 0 changed/);
    expect(out).toMatch(/^nimblevox key-[0-9a-f]{16} listSdrs: 2000 inserted/);
  });
});

describe('cdrkit sync: errors and exit codes', () => {
  it('exits 2 without --db, and for a bad --lookback before creating the database', async () => {
    const missing = await run(['sync', '--provider', 'telecmi', '--emulate']);
    expect(missing.code).toBe(EXIT.badInput);
    expect(missing.stderr).toMatch(/--db is required/);

    const db = join(dir, 'never.sqlite');
    const bad = await run([
      'sync',
      '--provider',
      'telecmi',
      '--db',
      db,
      '--emulate',
      '--lookback',
      'a while',
    ]);
    expect(bad.code).toBe(EXIT.badInput);
    expect(bad.stderr).toMatch(/lookback/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(db)).toBe(false);
  });

  it('exits 2 when the first sync has no --from, before any request', async () => {
    const emu = await startEmulator('nimblevox', { records: 10 });
    try {
      const db = join(dir, 'nofrom.sqlite');
      const result = await run(['sync', '--provider', 'nimblevox', '--db', db, '--base-url', emu.url], {
        NIMBLEVOX_API_KEY: emu.credentials.apiKey,
      });
      expect(result.code).toBe(EXIT.badInput);
      expect(result.stderr).toMatch(
        /first sync of nimblevox account key-[0-9a-f]{16} \(listSdrs\) needs `from`/,
      );
      expect(emu.requestCount).toBe(0);
    } finally {
      await emu.close();
    }
  });

  it('exits 3 on rejected credentials and never prints the secret', async () => {
    const emu = await startEmulator('nimblevox', { records: 10 });
    try {
      const secret = 'wrong-key-5e2d8b';
      const db = join(dir, 'auth.sqlite');
      const result = await run(
        ['sync', '--provider', 'nimblevox', '--db', db, ...range, '--base-url', emu.url],
        {
          NIMBLEVOX_API_KEY: secret,
        },
      );
      expect(result.code).toBe(EXIT.authentication);
      expect(result.stderr + result.stdout).not.toContain(secret);
    } finally {
      await emu.close();
    }
  });

  it('exits 4 when the provider cannot be reached', async () => {
    const db = join(dir, 'down.sqlite');
    const result = await run(
      [
        'sync',
        '--provider',
        'iping',
        '--db',
        db,
        ...range,
        '--base-url',
        'http://127.0.0.1:9',
        '--user-name',
        'u',
      ],
      { IPING_PASSWORD: 'pw-secret-31' },
    );
    expect(result.code).toBe(EXIT.transport);
    expect(result.stderr).not.toContain('pw-secret-31');
  });

  it('exits 6 when the database cannot be reached, without printing its password', async () => {
    const result = await run([
      'sync',
      '--provider',
      'telecmi',
      '--emulate',
      '--db',
      'postgres://cdr:db-secret-9f7a@127.0.0.1:9/cdrs',
    ]);
    expect(result.code).toBe(EXIT.database);
    expect(result.stderr).toMatch(/^cdrkit: Postgres: .*failed/);
    expect(result.stderr).not.toContain('db-secret-9f7a');
  });

  it('prints help with examples', async () => {
    const result = await run(['sync', '--help']);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toMatch(/--db <file\|url>/);
    expect(result.stdout).toMatch(/--lookback <duration>/);
    expect(result.stdout).toMatch(/NIMBLEVOX_API_KEY/);
  });
});

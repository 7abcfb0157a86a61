import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@cdrkit/emulators';
import { describe, expect, it } from 'vitest';
import { CALL_RECORD_COLUMNS } from '../src/export.js';
import { EXIT } from '../src/main.js';
import { run } from './helpers.js';

const range = ['--from', '2024-01-01T00:00:00Z', '--to', '2024-02-01T00:00:00Z'];

describe('cdrkit export: bad input', () => {
  it('exits 2 with a one-line message naming the missing credential', async () => {
    const result = await run(['export', '--provider', 'telecmi', ...range, '--app-id', '1111113']);
    expect(result.code).toBe(EXIT.badInput);
    expect(result.stderr).toMatch(/--token or set TELECMI_TOKEN/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 naming the known providers for an unknown one', async () => {
    const result = await run(['export', '--provider', 'acme', ...range]);
    expect(result.code).toBe(EXIT.badInput);
    expect(result.stderr).toMatch(
      /Unknown provider "acme": use one of telecmi, boxis, mixvoip, iping, nimblevox/,
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 when --from is after --to, before any request', async () => {
    const result = await run(
      ['export', '--provider', 'nimblevox', '--from', '2024-03-01', '--to', '2024-02-01'],
      { NIMBLEVOX_API_KEY: 'k-123456' },
    );
    expect(result.code).toBe(EXIT.badInput);
    expect(result.stderr).toMatch(/from/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 when --from is after --to with --emulate, before the emulator starts', async () => {
    const result = await run([
      'export',
      '--provider',
      'telecmi',
      '--emulate',
      '--from',
      '2024-03-02',
      '--to',
      '2024-03-01',
    ]);
    expect(result.code).toBe(EXIT.badInput);
    expect(result.stderr).toMatch(/from.*must be before/i);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 for --resume without --out', async () => {
    const result = await run([
      'export',
      '--provider',
      'telecmi',
      ...range,
      '--emulate',
      '--resume',
      'x.json',
    ]);
    expect(result.code).toBe(EXIT.badInput);
    expect(result.stderr).toMatch(/--resume needs --out/);
  });
});

describe('cdrkit export', () => {
  it('exits 3 on rejected credentials and never prints the secret', async () => {
    const emu = await startEmulator('nimblevox', { records: 10 });
    try {
      const secret = 'wrong-key-7f3a9c';
      const result = await run(['export', '--provider', 'nimblevox', ...range, '--base-url', emu.url], {
        NIMBLEVOX_API_KEY: secret,
      });
      expect(result.code).toBe(EXIT.authentication);
      expect(result.stderr + result.stdout).not.toContain(secret);
    } finally {
      await emu.close();
    }
  });

  it('exits 4 when the server cannot be reached', async () => {
    const result = await run(
      [
        'export',
        '--provider',
        'telecmi',
        ...range,
        '--base-url',
        'http://127.0.0.1:9',
        '--app-id',
        '1111113',
      ],
      { TELECMI_TOKEN: 'tok-secret-99' },
    );
    expect(result.code).toBe(EXIT.transport);
    expect(result.stderr).not.toContain('tok-secret-99');
  });

  it('writes normalized CSV with the stable header', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdrkit-cli-'));
    const out = join(dir, 'calls.csv');
    const result = await run([
      'export',
      '--provider',
      'telecmi',
      ...range,
      '--emulate',
      '--records',
      '120',
      '--format',
      'csv',
      '--out',
      out,
    ]);
    expect(result.stderr).toMatch(/telecmi: 120 records/);
    expect(result.code).toBe(EXIT.ok);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(CALL_RECORD_COLUMNS.join(','));
    expect(lines).toHaveLength(121);
  });

  it('writes raw provider records as NDJSON with --raw', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdrkit-cli-'));
    const out = join(dir, 'raw.ndjson');
    const result = await run([
      'export',
      '--provider',
      'boxis',
      ...range,
      '--emulate',
      '--records',
      '50',
      '--raw',
      '--out',
      out,
    ]);
    expect(result.code).toBe(EXIT.ok);
    const records = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { uniqueid?: string });
    expect(records).toHaveLength(50);
    expect(records.every((r) => typeof r.uniqueid === 'string')).toBe(true);
  });
});

describe('cdrkit providers and --help', () => {
  it('lists every provider with its environment variables', async () => {
    const result = await run(['providers']);
    expect(result.code).toBe(EXIT.ok);
    for (const name of [
      'TELECMI_TOKEN',
      'BOXIS_USER_KEY',
      'MIXVOIP_PASSWORD',
      'IPING_PASSWORD',
      'NIMBLEVOX_API_KEY',
    ]) {
      expect(result.stdout).toContain(name);
    }
  });

  it('prints help with examples for export', async () => {
    const result = await run(['export', '--help']);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toMatch(/--resume <stateFile>/);
    expect(result.stdout).toMatch(/Examples:/);
  });
});

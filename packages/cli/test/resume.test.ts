import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@cdrkit/emulators';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function pagesIn(stateFile: string): number {
  try {
    return (JSON.parse(readFileSync(stateFile, 'utf8')) as { pages: number }).pages;
  } catch {
    return 0;
  }
}

describe('cdrkit export --resume', () => {
  it('continues a killed export where it stopped, writing every record exactly once', async () => {
    expect(existsSync(cli), 'packages/cli/dist/cli.js: run `pnpm build` first').toBe(true);
    const emu = await startEmulator('nimblevox', {
      records: 3000,
      from: '2024-01-01T00:00:00Z',
      to: '2024-03-01T00:00:00Z',
      faults: { latencyMs: 40 },
    });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'cdrkit-resume-'));
      const out = join(dir, 'sdrs.ndjson');
      const state = join(dir, 'state.json');
      const args = [
        cli,
        'export',
        '--provider',
        'nimblevox',
        '--from',
        '2024-01-01T00:00:00Z',
        '--to',
        '2024-03-01T00:00:00Z',
        '--base-url',
        emu.url,
        '--out',
        out,
        '--resume',
        state,
        '--raw',
        '--prefetch',
        '1',
      ];
      const env = { ...process.env, NIMBLEVOX_API_KEY: String(emu.credentials.apiKey) };

      // Pages of 500: kill it (SIGKILL, no chance to clean up) once 2 pages are checkpointed.
      const first = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let firstStderr = '';
      first.stderr.on('data', (chunk: Buffer) => {
        firstStderr += chunk.toString();
      });
      let firstEnded = false;
      const exited = new Promise((resolve) =>
        first.on('exit', (code) => {
          firstEnded = true;
          resolve(code);
        }),
      );
      while (pagesIn(state) < 2) {
        // An export that ends before its second checkpoint fails here, not at the test's timeout.
        if (firstEnded) expect.fail(`the export ended before checkpointing 2 pages:\n${firstStderr}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      first.kill('SIGKILL');
      await exited;
      const checkpointed = pagesIn(state);
      expect(checkpointed).toBeGreaterThanOrEqual(2);
      expect(checkpointed).toBeLessThan(6);

      const second = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      second.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const code = await new Promise((resolve) => second.on('exit', resolve));
      expect(stderr).toMatch(/resumed/);
      expect(code).toBe(0);

      const ids = readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((line) => String((JSON.parse(line) as { id: number }).id));
      const expected = [...emu.records()].map((record) => String((record as { id: number }).id));
      expect(ids).toHaveLength(expected.length);
      expect(ids).toEqual(expected);
    } finally {
      await emu.close();
    }
  }, 60_000);
});

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/cli-options.js';

describe('cdrkit-emulators arguments', () => {
  it('runs all five on free ports by default', () => {
    const plan = parseCliArgs([]);
    expect(plan.providers).toEqual(['iping', 'telecmi', 'boxis', 'mixvoip', 'nimblevox']);
    expect(Object.values(plan.ports)).toEqual([0, 0, 0, 0, 0]);
    expect(plan.options).toEqual({});
  });

  it('assigns consecutive ports from --port and explicit ones from --ports', () => {
    const plan = parseCliArgs([
      '-p',
      'telecmi,boxis,nimblevox',
      '--port',
      '4010',
      '--ports',
      'nimblevox=5000',
    ]);
    expect(plan.ports).toMatchObject({ telecmi: 4010, boxis: 4011, nimblevox: 5000 });
  });

  it('reads data options and faults', () => {
    const plan = parseCliArgs([
      '-n',
      '5000',
      '--seed',
      '3',
      '--from',
      '2024-02-01',
      '--to',
      '1714521600000',
      '--time-zone',
      'Europe/Luxembourg',
      '--cors',
      '--latency',
      '20-80',
      '--server-error-rate',
      '0.1',
      '--rate-limit-rate',
      '0.05',
      '--retry-after',
      '2',
      '--clock-skew=-600',
      '--insert-after',
      '3',
      '--insert-count',
      '2',
      '--xml-style',
      'element',
    ]);
    expect(plan.options).toEqual({
      records: 5000,
      seed: 3,
      from: '2024-02-01',
      to: 1714521600000,
      timeZone: 'Europe/Luxembourg',
      cors: true,
      xmlStyle: 'element',
      faults: {
        latencyMs: [20, 80],
        serverErrorRate: 0.1,
        rateLimitRate: 0.05,
        retryAfterSec: 2,
        clockSkewSec: -600,
        insertAfterRequests: 3,
        insertCount: 2,
      },
    });
  });

  it('rejects unknown providers, bad numbers and unknown flags', () => {
    expect(() => parseCliArgs(['-p', 'skype'])).toThrow(/unknown provider "skype"/);
    expect(() => parseCliArgs(['--drop-rate', '1.5'])).toThrow(/--drop-rate/);
    expect(() => parseCliArgs(['--records', 'many'])).toThrow(/--records/);
    expect(() => parseCliArgs(['--latency', 'slow'])).toThrow(/--latency/);
    expect(() => parseCliArgs(['--verbose'])).toThrow();
  });
});

describe('cdrkit-emulators command', () => {
  it('prints the running emulators as JSON and serves requests until killed', async () => {
    const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--json', '-p', 'nimblevox', '-n', '3'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const line = await new Promise<string>((resolve) =>
        createInterface({ input: child.stdout }).once('line', resolve),
      );
      const [emu] = JSON.parse(line) as { provider: string; url: string; credentials: { apiKey: string } }[];
      expect(emu?.provider).toBe('nimblevox');
      const res = await fetch(
        `${emu?.url}/sdr?startDate=2024-01-01T00:00:00&endDate=2024-03-01T00:00:00&apiKey=${emu?.credentials.apiKey}`,
      );
      expect(res.status).toBe(200);
      expect((await res.json()) as { total: number }).toMatchObject({ total: expect.any(Number) });
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise((resolve) => child.once('exit', (c, signal) => resolve(c ?? signal)));
    expect(code).toBe(0);
  });
});

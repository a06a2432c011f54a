import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs an npm script as a person does and parses the last line it printed as JSON. */
async function lastJsonLine(script: string, args: string[]): Promise<Record<string, unknown>> {
  const child = spawn('npm', ['run', script, '--', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code, `npm run ${script} failed:\n${stderr}`).toBe(0);
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;
}

function expectFiniteNumbers(figures: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(figures)) expect(Number.isFinite(value), `${name} = ${String(value)}`).toBe(true);
}

// Tiny configurations: these keep the benchmarks from rotting. No figure is compared with a time.
describe('the benchmarks end with one line of JSON', () => {
  it('npm run bench -- --json: {"polling": R, "callbacks": R, "naive": R}', { timeout: 240_000 }, async () => {
    const result = await lastJsonLine('bench', ['--jobs', '10', '--scale', '0.01', '--json']);
    expect(Object.keys(result)).toEqual(['polling', 'callbacks', 'naive']);
    for (const row of Object.values(result) as Record<string, number>[]) {
      expect(Object.keys(row)).toEqual(['makespanRatio', 'requestsPerTask', 'replies1303', 'p95Ms', 'p95Ratio']);
      expectFiniteNumbers(row);
      // Every task takes at least its create.
      expect(row.requestsPerTask).toBeGreaterThanOrEqual(1);
    }
    const rows = result as Record<'polling' | 'callbacks', Record<string, number>>;
    // The client holds a slot until it knows the task ended, so the sandbox never refuses it.
    expect(rows.polling.replies1303).toBe(0);
    expect(rows.callbacks.replies1303).toBe(0);
  });

  it(
    'npm run bench:track -- --json: heap, CPU, watch cost at three counts, heap left, read-delay ratio',
    { timeout: 240_000 },
    async () => {
      const result = await lastJsonLine('bench:track', [
        '--counts',
        '40,100,160',
        '--scale',
        '0.01',
        '--delay-tasks',
        '30',
        '--latency-ms',
        '10',
        '--json',
      ]);
      expect(Object.keys(result)).toEqual([
        'heapBytesPerTask',
        'cpuMsPerTask',
        'watchUs',
        'heapBytesLeftPerTask',
        'readDelayRatio',
        'cpuFloorMsPerTask',
      ]);
      const { watchUs, ...figures } = result;
      expectFiniteNumbers(figures);
      expect(Object.keys(watchUs as object)).toEqual(['40', '100', '160']);
      expectFiniteNumbers(watchUs as Record<string, unknown>);
    },
  );

  it(
    "npm run bench:poll-floor -- --json: this client and the deadline schedules on the sandbox's durations",
    { timeout: 60_000 },
    async () => {
      const result = (await lastJsonLine('bench:poll-floor', ['--jobs', '40', '--draws', '3', '--json'])) as {
        client: Record<string, number>;
        deadlines: (Record<string, number> & { every: number })[];
        lonePolls: Record<string, number>;
      };
      expect(Object.keys(result)).toEqual(['client', 'deadlines', 'lonePolls']);
      expectFiniteNumbers(result.client);
      // A create and at least one read per task; nothing is known before it ends.
      expect(result.client.requestsPerTask).toBeGreaterThanOrEqual(2);
      expect(result.deadlines.map((row) => row.every)).toEqual([0.1, 0.12, 0.15, 0.2]);
      // Knowing of ends later needs fewer reads: the trade the benchmark's polling row sits on.
      const requests = result.deadlines.map((row) => row.requestsPerTask as number);
      expect([...requests].sort((a, b) => b - a)).toEqual(requests);
      for (const row of result.deadlines) expect(row.p95Ratio).toBeLessThanOrEqual(row.every);
      // One task alone: a first look at 0.9 × typical, then 0.08 apart, covers 0.8–1.2 in 1 to 5 polls.
      expect(Object.keys(result.lonePolls).every((count) => Number(count) >= 1 && Number(count) <= 5)).toBe(true);
      expect(Object.values(result.lonePolls).reduce((sum, share) => sum + share, 0)).toBeCloseTo(1, 2);
    },
  );

  it('a bad flag costs nothing: the message names the flag, the value and what is allowed', async () => {
    const child = spawn('npm', ['run', 'bench', '--', '--runs', 'three'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('--runs three: expected a whole number from 1 to 100');
  });
});

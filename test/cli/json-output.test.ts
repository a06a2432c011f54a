import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { ensureBuilt, jsonOf, recordingCli, scratchDir } from './helpers.js';

/*
 * What `--json` promises (each command's --help and the README): one JSON document on stdout,
 * whatever happens; progress on stderr as plain lines (not a terminal here), so a script that
 * reads stdout gets clean JSON and a person watching still sees the wait; -q silences stderr.
 */

const API_KEY = 'sk-cli-json-40c1d2';
let sandbox: Sandbox;
let env: Record<string, string>;
const { kling } = recordingCli(() => env);

beforeAll(async () => {
  await ensureBuilt();
  sandbox = await startSandbox({ timeScale: 0.01, apiKey: API_KEY, seed: 11 });
  env = { KLING_API_KEY: API_KEY, KLING_BASE_URL: sandbox.url };
}, 300_000);

afterAll(async () => {
  await sandbox?.stop();
});

describe('--json', () => {
  it('the help texts say it: one document on stdout, progress still on stderr', async () => {
    for (const command of ['generate', 'task']) {
      const help = await kling([command, '--help']);
      expect(help.stdout).toMatch(/--json +one JSON document on stdout; progress still goes to stderr/);
    }
  });

  it('generate: stdout is exactly one JSON document; progress lines are on stderr', async () => {
    const result = await kling(['generate', 'a boat', '--duration', '3', '--json'], { cwd: scratchDir() });
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOf(result)).toMatchObject({ ok: true, status: 'succeeded' });
    expect(result.stdout.trim().startsWith('{') && result.stdout.trim().endsWith('}')).toBe(true);
    const lines = result.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^progress: (queued|running|succeeded) \d+% after \d+:\d\d \(typically ~\d+:\d\d\)$/);
    expect(lines.at(-1)).toMatch(/^progress: succeeded 100%/);
  });

  it('task --wait: the same; -q leaves stderr empty', async () => {
    const created = await kling(['generate', 'a slow boat', '--no-wait', '--json']);
    const handle = jsonOf(created).handle as string;
    const waited = await kling(['task', handle, '--wait', '--json']);
    expect(waited.code, waited.stderr).toBe(0);
    expect(jsonOf(waited)).toMatchObject({ ok: true, handle, status: 'succeeded' });
    const quiet = await kling(['task', handle, '--wait', '--json', '-q']);
    expect(jsonOf(quiet)).toMatchObject({ ok: true, handle });
    expect(quiet.stderr).toBe('');
  });

  it('failures are one JSON document on stdout too, with nothing on stderr: a bad flag, invalid input, a refused key', async () => {
    const cases = [
      ['generate', 'x', '--frobnicate', '--json'],
      ['generate', 'x', '--duration', '99', '--json'],
      ['task', '--external-id', '', '--json'],
      ['estimate', 'x', '--image', 'missing.png', '--json'],
      ['doctor', '--timeout', '0', '--json'],
    ];
    for (const args of cases) {
      const result = await kling(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(jsonOf(result)).toMatchObject({ ok: false, error: { exitCode: 2 } });
      expect(result.stderr, args.join(' ')).toBe('');
    }
    const refused = await kling(['generate', 'x', '--json'], { env: { KLING_API_KEY: 'sk-wrong-key-000' } });
    expect(refused.code).toBe(3);
    expect(jsonOf(refused).error).toMatchObject({ kind: 'auth', exitCode: 3 });
    expect(refused.stderr).toBe('');
  });
});

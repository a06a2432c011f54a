import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimate } from '../../core/index.js';
import { FAILURE_MARKER, startSandbox, type Sandbox } from '../../sandbox/index.js';
import { png } from '../unit/images.js';
import { ensureBuilt, expectNoSecretIn, isMp4, jsonOf, recordingCli, runCli, scratchDir } from './helpers.js';

const API_KEY = 'sk-cli-generate-7d41c9e0b2';
const TIME_SCALE = 0.01;
const HANDLE = /kt1\.n\.t2v\.\d+/;

let sandbox: Sandbox;
let env: Record<string, string>;
const { kling, outputs } = recordingCli(() => env);

beforeAll(async () => {
  await ensureBuilt();
  sandbox = await startSandbox({ timeScale: TIME_SCALE, apiKey: API_KEY, seed: 7 });
  env = { KLING_API_KEY: API_KEY, KLING_BASE_URL: sandbox.url, KLING_POLL_SCALE: String(TIME_SCALE) };
}, 300_000);

afterAll(async () => {
  await sandbox?.stop();
});

describe('kling generate (built CLI against the sandbox)', () => {
  it('estimates, creates, shows progress, saves a playable MP4 and prints handle, cost and path', async () => {
    const dir = scratchDir();
    const result = await kling(['generate', 'a paper boat on a river', '--duration', '3', '--out', 'boat.mp4'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Estimate: 2\.4 units/);
    expect(result.stdout).toMatch(new RegExp(`^Created ${HANDLE.source}$`, 'm'));
    expect(result.stdout).toContain(`Saved ${join(dir, 'boat.mp4')}`);
    expect(result.stdout).toMatch(new RegExp(`^Handle: ${HANDLE.source}$`, 'm'));
    expect(result.stdout).toMatch(/^Cost: 2\.4 units \(estimated 2\.4 units\)$/m);
    // Not a terminal: plain progress lines on stderr, ending with the final status.
    expect(result.stderr).toMatch(/^progress: succeeded 100% after/m);
    const video = readFileSync(join(dir, 'boat.mp4'));
    expect(isMp4(video)).toBe(true);
    const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', join(dir, 'boat.mp4')], {
      encoding: 'utf8',
    });
    if (probe.status === 0) expect(Number(probe.stdout)).toBeGreaterThan(0);
  });

  it('--json: one document with handle, status, cost, estimate and file', async () => {
    const dir = scratchDir();
    const result = await kling(['generate', 'a lighthouse at dusk', '--model', 'kling-2.6', '--duration', '5', '--json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const document = jsonOf(result);
    expect(document).toMatchObject({ ok: true, status: 'succeeded', model: 'kling-2.6' });
    expect(document.handle).toMatch(HANDLE);
    expect(document.estimate).toEqual(estimate({ model: 'kling-2.6', prompt: 'a lighthouse at dusk', duration: 5 }));
    expect(document.costUnits).toBe(document.estimate.units);
    expect(document.file).toBe(join(dir, `kling-${document.task.id}.mp4`));
    expect(isMp4(readFileSync(document.file))).toBe(true);
    expect(document.bytes).toBe(readFileSync(document.file).length);
    // As documented, progress still goes to stderr with --json (not a terminal: plain lines); -q silences it.
    expect(result.stderr).toMatch(/^progress: succeeded 100% after/m);
    const quiet = await kling(['generate', 'a quiet lighthouse', '--json', '-q'], { cwd: dir });
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(jsonOf(quiet).status).toBe('succeeded');
    expect(quiet.stderr).toBe('');
  });

  it('--no-wait prints the handle at once; kling task --wait --out finishes the job', async () => {
    const dir = scratchDir();
    const created = await kling(['generate', 'a paper boat', '--no-wait', '--json'], { cwd: dir });
    expect(created.code, created.stderr).toBe(0);
    const document = jsonOf(created);
    expect(document.ok).toBe(true);
    expect(document.handle).toMatch(HANDLE);
    expect(['queued', 'running']).toContain(document.status);
    expect(existsSync(join(dir, `kling-${document.task.id}.mp4`))).toBe(false);

    const waited = await kling(['task', document.handle, '--wait', '--out', 'later.mp4'], { cwd: dir });
    expect(waited.code, waited.stderr).toBe(0);
    expect(waited.stdout).toContain(`Task ${document.handle}: succeeded`);
    expect(waited.stdout).toContain(`Saved ${join(dir, 'later.mp4')}`);
    expect(isMp4(readFileSync(join(dir, 'later.mp4')))).toBe(true);
  });

  it('a local image file is read and sent as Base64 (image-to-video)', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'first.png'), png(640, 360));
    const result = await kling(['generate', 'the boat drifts away', '--image', 'first.png', '--json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const document = jsonOf(result);
    expect(document.task.product).toBe('image-to-video');
    expect(document.handle).toMatch(/^kt1\.n\.i2v\./);
  });

  it('a task that fails exits 5 with its reason (and costs nothing)', async () => {
    const result = await kling(['generate', `a boat ${FAILURE_MARKER}`, '--json']);
    expect(result.code).toBe(5);
    const document = jsonOf(result);
    expect(document).toMatchObject({ ok: false, status: 'failed', exitCode: 5 });
    expect(document.reason).toEqual(expect.any(String));
    expect(document.reason.length).toBeGreaterThan(0);
    const human = await kling(['generate', `a boat ${FAILURE_MARKER}`]);
    expect(human.code).toBe(5);
    expect(human.stderr).toMatch(/: failed/);
    expect(human.stderr).toContain('reason:');
  });

  it('stopping the wait exits 6 with the handle; the task keeps running', async () => {
    const result = await kling(['generate', 'a slow boat', '--timeout', '1ms', '--json']);
    expect(result.code).toBe(6);
    const document = jsonOf(result);
    expect(document).toMatchObject({ ok: false, reason: 'timeout', exitCode: 6 });
    expect(document.handle).toMatch(HANDLE);
    const later = await kling(['task', document.handle, '--wait', '--json']);
    expect(later.code, later.stderr).toBe(0);
    expect(jsonOf(later).status).toBe('succeeded');
  });

  it('invalid input exits 2 before any request: nothing is created', async () => {
    const before = sandbox.tasks().length;
    const result = await kling(['generate', 'x', '--model', 'kling-3.0-turbo', '--duration', '99']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --duration: 99 is not allowed for kling-3\.0-turbo/m);
    expect(sandbox.tasks().length).toBe(before);
  });

  it('--max-units refuses a request estimated above it (exit 4), creating nothing', async () => {
    const before = sandbox.tasks().length;
    const result = await kling(['generate', 'x', '--model', 'kling-3.0', '--resolution', '4k', '--duration', '10', '--max-units', '5']);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^error: .*30/m);
    expect(sandbox.tasks().length).toBe(before);
  });

  it('a refused key exits 3 with the Kling code, its meaning and what to do', async () => {
    const result = await kling(['generate', 'x'], { env: { KLING_API_KEY: 'sk-not-a-real-key-000' } });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: Kling 10\d\d \(/m);
    expect(result.stderr).toMatch(/^ {2}what to do: /m);
    expect(result.stderr).not.toContain('sk-not-a-real-key-000');
  });

  it('no credentials exits 3 and says which variables to set', async () => {
    const result = await runCli(['generate', 'x'], { env: { KLING_BASE_URL: sandbox.url } });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('KLING_API_KEY');
    expect(result.stderr).toContain('--sandbox');
  });

  it('a used-up pack exits 4 with 1102 and what to do', async () => {
    sandbox.setAccount('default', { units: 0 });
    try {
      const result = await kling(['generate', 'x', '--json']);
      expect(result.code).toBe(4);
      expect(jsonOf(result).error).toMatchObject({ code: 1102, kind: 'balance', meaning: 'resource pack used up or expired', exitCode: 4 });
    } finally {
      sandbox.setAccount('default', { units: 10_000 });
    }
  });

  it('--help lists the options, the environment variables and the exit codes', async () => {
    const result = await kling(['generate', '--help']);
    expect(result.code).toBe(0);
    for (const text of [
      '--no-wait',
      '--out',
      '--json',
      '--sandbox',
      'KLING_API_KEY',
      'KLING_ACCESS_KEY',
      'KLING_BASE_URL',
      'KLING_WEBHOOK_SECRET',
      'KLING_CONCURRENCY',
      'KLING_CALLBACK_URL',
      'Exit codes',
    ]) {
      expect(result.stdout).toContain(text);
    }
  });

  it('--sandbox needs no account: an embedded sandbox and its demo key', async () => {
    const dir = scratchDir();
    const result = await runCli(['generate', 'a paper boat on a river', '--sandbox', '--out', 'boat.mp4'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Sandbox: http:\/\/127\.0\.0\.1:\d+ /m);
    expect(isMp4(readFileSync(join(dir, 'boat.mp4')))).toBe(true);
  });

  it('never prints the API key', () => {
    expectNoSecretIn(outputs, [API_KEY], 11);
  });
});

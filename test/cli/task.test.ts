import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { ensureBuilt, expectNoSecretIn, isMp4, jsonOf, recordingCli, scratchDir } from './helpers.js';

const API_KEY = 'sk-cli-task-2a9f0e77d3';
const ACCESS_KEY = 'ak-cli-task-91c2';
const SECRET_KEY = 'sk-secret-cli-task-5d0b3e';

let sandbox: Sandbox;
let env: Record<string, string>;
const { kling, outputs } = recordingCli(() => env);

/** A finished task made through the CLI: its generate --json document. */
async function finishedTask(prompt: string, extra: string[] = []) {
  const result = await kling(['generate', prompt, '--json', ...extra]);
  expect(result.code, result.stderr).toBe(0);
  return jsonOf(result);
}

beforeAll(async () => {
  await ensureBuilt();
  sandbox = await startSandbox({ timeScale: 0.01, apiKey: API_KEY, accessKey: ACCESS_KEY, secretKey: SECRET_KEY, seed: 9 });
  env = { KLING_API_KEY: API_KEY, KLING_BASE_URL: sandbox.url, KLING_POLL_SCALE: '0.01' };
}, 300_000);

afterAll(async () => {
  await sandbox?.stop();
});

describe('kling task (built CLI against the sandbox)', () => {
  it('reads a task by handle, by raw id and by external id: the same task each time', async () => {
    const made = await finishedTask('a paper boat', ['--external-id', 'cli-task-lookup-1']);
    const byHandle = jsonOf(await kling(['task', made.handle, '--json']));
    const byId = jsonOf(await kling(['task', made.task.id, '--json']));
    const byExternal = jsonOf(await kling(['task', '--external-id', 'cli-task-lookup-1', '--json']));
    for (const document of [byHandle, byId, byExternal]) {
      expect(document).toMatchObject({ ok: true, status: 'succeeded', costUnits: made.costUnits });
      expect(document.task.id).toBe(made.task.id);
      expect(document.task.videos[0].url).toBe(made.task.videos[0].url);
    }
    expect(byExternal.task.externalTaskId).toBe('cli-task-lookup-1');
  });

  it('prints a task for people: status, handle, cost and video', async () => {
    const made = await finishedTask('a lighthouse');
    const result = await kling(['task', made.handle]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Task ${made.handle}: succeeded`);
    expect(result.stdout).toMatch(/^ {2}cost: \d+(\.\d+)? units$/m);
    expect(result.stdout).toContain(`video: ${made.task.videos[0].url}`);
  });

  it('--out saves the video of a finished task', async () => {
    const made = await finishedTask('a river');
    const dir = scratchDir();
    const result = await kling(['task', made.handle, '--out', 'river.mp4'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(isMp4(readFileSync(join(dir, 'river.mp4')))).toBe(true);
  });

  it('a running task reads fine (exit 0), but --out on it exits 6 with the handle', async () => {
    sandbox.setTimeScale(100);
    try {
      const created = jsonOf(await kling(['generate', 'a very slow boat', '--no-wait', '--json']));
      const read = await kling(['task', created.handle]);
      expect(read.code).toBe(0);
      expect(read.stdout).toMatch(/: (queued|running)/);
      expect(read.stdout).toContain(`kling task ${created.handle} --wait`);
      const save = await kling(['task', created.handle, '--out', 'x.mp4', '--json']);
      expect(save.code).toBe(6);
      expect(jsonOf(save)).toMatchObject({ ok: false, handle: created.handle, exitCode: 6 });
    } finally {
      sandbox.setTimeScale(0.01);
    }
  });

  it('with access key + secret key, a raw id is found under its legacy product', async () => {
    const jwt = { KLING_API_KEY: '', KLING_ACCESS_KEY: ACCESS_KEY, KLING_SECRET_KEY: SECRET_KEY };
    const made = jsonOf(await kling(['generate', 'a legacy boat', '--json'], { env: jwt }));
    expect(made.ok, JSON.stringify(made.error)).toBe(true);
    expect(made.handle).toMatch(/^kt1\.l\.t2v\./);
    const byId = jsonOf(await kling(['task', made.task.id, '--product', 'text-to-video', '--json'], { env: jwt }));
    expect(byId).toMatchObject({ ok: true, status: 'succeeded' });
    const probed = jsonOf(await kling(['task', made.task.id, '--json'], { env: jwt }));
    expect(probed.task.id).toBe(made.task.id);
  });

  it('an unknown task exits 2 with Kling 1201', async () => {
    const result = await kling(['task', '123456789012345678', '--json']);
    expect(result.code).toBe(2);
    expect(jsonOf(result).error).toMatchObject({ code: 1201, kind: 'invalid' });
  });

  it('usage errors exit 2: no task, two tasks, an unknown product', async () => {
    expect((await kling(['task'])).code).toBe(2);
    expect((await kling(['task', 'a', 'b'])).code).toBe(2);
    const product = await kling(['task', 'a', '--product', 'painting']);
    expect(product.code).toBe(2);
    expect(product.stderr).toContain('allowed: text-to-video');
  });

  it('never prints a key', () => {
    // Every run above, with both kinds of credentials.
    expectNoSecretIn(outputs, [API_KEY, SECRET_KEY], 18);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_ACCOUNT, FAILURE_MARKER, type Sandbox } from '../../sandbox/index.js';
import {
  buildServer,
  connectStdio,
  sandboxEnv,
  sandboxForTests,
  SETUP_TIMEOUT_MS,
  structured,
  tempDir,
  type StdioServer,
} from './helpers.js';
import { taskReads } from '../sandbox-reads.js';

/** The sandbox clock: a kling-2.6 5 s video takes 90 s × 0.05 = 4.5 s; kling-3.0-turbo under 2 s. */
const TIME_SCALE = 0.05;

describe('kling-mcp over stdio, with the sandbox behind it', () => {
  let sandbox: Sandbox;
  let server: StdioServer;
  const downloads = tempDir('kling-mcp-downloads-');

  beforeAll(async () => {
    await buildServer();
    sandbox = await sandboxForTests({ timeScale: TIME_SCALE });
    server = await connectStdio(sandboxEnv(sandbox, TIME_SCALE, { KLING_DOWNLOAD_DIR: downloads.path }));
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await server?.close();
    await sandbox?.stop();
    downloads.remove();
  });

  it('generates a video within the wait, with progress that only increases, a resource link and the real cost', async () => {
    const progress: { progress: number; total?: number }[] = [];
    const result = await server.client.callTool(
      { name: 'generate_video', arguments: { model: 'kling-3.0-turbo', prompt: 'a paper boat on a river', duration: 3, wait_seconds: 40 } },
      { onprogress: (update) => progress.push(update) },
    );
    expect(result.isError).toBeFalsy();
    const output = structured(result);
    expect(output).toMatchObject({ status: 'succeeded', done: true, model: 'kling-3.0-turbo', cost_units: 2.4, cost_usd: 0.34 });
    expect(output.estimate).toMatchObject({ units: 2.4, product: 'text-to-video', price: { variant: 'audio always on', per_second: 0.8 } });
    expect(output.handle).toMatch(/^kt1\.n\.t2v\.\d+$/);
    expect(output.videos).toHaveLength(1);
    expect(output.videos[0].duration_seconds).toBeGreaterThan(3);
    expect(output.poll_after_seconds).toBeUndefined();

    // The text content is the same JSON as the structured content.
    const text = (result.content as { type: string; text?: string }[]).find((block) => block.type === 'text')?.text ?? '';
    expect(JSON.parse(text)).toEqual(output);
    const links = (result.content as { type: string; uri?: string; name?: string; mimeType?: string }[]).filter(
      (block) => block.type === 'resource_link',
    );
    expect(links).toHaveLength(2);
    expect(links[0]).toMatchObject({ uri: output.videos[0].url, name: `kling-${output.task_id}.mp4`, mimeType: 'video/mp4' });

    // The download directory is configured: the MP4 is saved inside it, named after the task, and linked.
    const saved = output.videos[0].saved_path as string;
    expect(path.dirname(saved)).toBe(downloads.path);
    expect(path.basename(saved)).toBe(`kling-${output.task_id}.mp4`);
    expect(readFileSync(saved).subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(links[1]).toMatchObject({ uri: pathToFileURL(saved).href, name: `kling-${output.task_id}.mp4`, mimeType: 'video/mp4' });

    expect(progress.length).toBeGreaterThan(1);
    for (const [index, update] of progress.entries()) {
      expect(update.total).toBe(100);
      if (index > 0) expect(update.progress).toBeGreaterThan((progress[index - 1] as { progress: number }).progress);
    }
    expect(progress.at(-1)?.progress).toBe(100);
  });

  it("takes the task's callbacks on a loopback port (the sandbox is on this machine): one read, for the end", async () => {
    const before = { reads: taskReads(sandbox.stats()), callbacks: sandbox.stats().callbacks };
    const result = await server.client.callTool({
      name: 'generate_video',
      arguments: { model: 'kling-3.0-turbo', prompt: 'a paper boat, called back', duration: 3, wait_seconds: 40 },
    });
    expect(structured(result)).toMatchObject({ status: 'succeeded', done: true });
    await sandbox.callbacksIdle();
    const after = sandbox.stats().callbacks;
    expect(after.delivered - before.callbacks.delivered).toBeGreaterThanOrEqual(3);
    expect(after.failed - before.callbacks.failed).toBe(0);
    expect(taskReads(sandbox.stats()) - before.reads).toBe(1);
  });

  it('answers with a handle and poll_after_seconds when the wait ends first, and get_task resumes the wait', async () => {
    const first = await server.client.callTool({
      name: 'generate_video',
      arguments: { model: 'kling-2.6', prompt: 'a lighthouse in a storm', duration: 5, wait_seconds: 1, download: false },
    });
    expect(first.isError).toBeFalsy();
    const pending = structured(first);
    expect(pending.done).toBe(false);
    expect(['queued', 'running']).toContain(pending.status);
    expect(pending.poll_after_seconds).toBeGreaterThanOrEqual(1);
    expect(pending.next_step).toContain(pending.handle);
    expect(pending.videos).toEqual([]);

    const progress: number[] = [];
    const resumed = await server.client.callTool(
      { name: 'get_task', arguments: { task: pending.handle, wait_seconds: 40, download: false } },
      { onprogress: (update) => progress.push(update.progress) },
    );
    const done = structured(resumed);
    expect(done).toMatchObject({ handle: pending.handle, status: 'succeeded', done: true, cost_units: 1.5 });
    expect(done.videos[0].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\/.+\.mp4$/);
    expect(done.videos[0].saved_path).toBeUndefined();
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(new Set(progress).size).toBe(progress.length);

    // A raw Kling id works as well as the handle, and without waiting.
    const byId = structured(
      await server.client.callTool({ name: 'get_task', arguments: { task: pending.task_id, wait_seconds: 0, download: false } }),
    );
    expect(byId).toMatchObject({ task_id: pending.task_id, status: 'succeeded' });
  });

  it('reports a failed task as an isError result with the reason and a hint, at no cost', async () => {
    const result = await server.client.callTool({
      name: 'generate_video',
      arguments: { model: 'kling-3.0-turbo', prompt: `a forbidden scene ${FAILURE_MARKER}`, duration: 3, wait_seconds: 40 },
    });
    expect(result.isError).toBe(true);
    const output = structured(result);
    expect(output).toMatchObject({ status: 'failed', done: true });
    expect(output.failure_reason).toMatch(/content safety/);
    expect(output.next_step).toMatch(/cost nothing: change the prompt/);
    expect(output.cost_units ?? 0).toBe(0);
  });

  it('refuses invalid input as an isError result naming the field, before anything reaches Kling', async () => {
    const before = sandbox.stats().creates.accepted;
    const result = await server.client.callTool({
      name: 'generate_video',
      arguments: { model: 'kling-2.6', prompt: 'x', duration: 12, wait_seconds: 0 },
    });
    expect(result.isError).toBe(true);
    expect(structured(result).error).toMatchObject({ kind: 'invalid', field: 'duration', retryable: false });
    expect(structured(result).error.message).toMatch(/^duration: 12 is not allowed for kling-2\.6/);

    const misnamed = await server.client.callTool({
      name: 'generate_video',
      arguments: { model: 'kling-3.0-turbo', prompt: 'x', first_frame: 'not an image', wait_seconds: 0 },
    });
    expect(structured(misnamed).error.field).toBe('first_frame');
    expect(structured(misnamed).error.message).toMatch(/^first_frame: /);

    const unknownModel = await server.client.callTool({ name: 'generate_video', arguments: { model: 'kling-9', prompt: 'x' } });
    expect(unknownModel.isError).toBe(true);
    expect(JSON.stringify(unknownModel.content)).toMatch(/kling-3\.0-turbo/);
    expect(sandbox.stats().creates.accepted).toBe(before);
  });

  it("answers Kling's refusals (balance, permission) as isError results with Kling's code and a hint", async () => {
    sandbox.setAccount(DEFAULT_ACCOUNT, { units: 1, deniedModels: ['kling-2.5-turbo'] });
    try {
      const poor = await server.client.callTool({
        name: 'generate_video',
        arguments: { model: 'kling-3.0-turbo', prompt: 'x', duration: 3, wait_seconds: 0 },
      });
      expect(poor.isError).toBe(true);
      expect(structured(poor).error).toMatchObject({ kind: 'balance', code: 1102, retryable: false });
      expect(structured(poor).error.hint).toMatch(/resource pack/);

      const denied = await server.client.callTool({
        name: 'generate_video',
        arguments: { model: 'kling-2.5-turbo', prompt: 'x', duration: 5, wait_seconds: 0 },
      });
      expect(structured(denied).error).toMatchObject({ kind: 'permission', code: 1103 });
      expect(structured(denied).error.hint).toMatch(/choose another model/);
    } finally {
      sandbox.setAccount(DEFAULT_ACCOUNT, { units: 10_000, deniedModels: [] });
    }
  });

  it('stops waiting when the client cancels; the task keeps running and get_task finds it finished', async () => {
    const controller = new AbortController();
    let handleSeen = false;
    const call = server.client.callTool(
      {
        name: 'generate_video',
        arguments: { model: 'kling-2.6', prompt: 'a train crossing a bridge', duration: 5, wait_seconds: 40, download: false },
      },
      {
        signal: controller.signal,
        onprogress: () => {
          handleSeen = true;
          controller.abort('the user clicked stop');
        },
      },
    );
    await expect(call).rejects.toThrow();
    expect(handleSeen).toBe(true);
    await expect.poll(() => server.stderr()).toMatch(/wait cancelled by the client; the task keeps running \{"handle":"(kt1\.[^"]+)"\}/);
    const handle = /wait cancelled by the client; the task keeps running \{"handle":"(kt1\.[^"]+)"\}/.exec(server.stderr())?.[1] as string;

    const later = structured(
      await server.client.callTool({ name: 'get_task', arguments: { task: handle, wait_seconds: 40, download: false } }),
    );
    expect(later).toMatchObject({ handle, status: 'succeeded', done: true });
  });

  it('prices a request without calling Kling', async () => {
    const before = sandbox.stats().requests.total;
    const result = await server.client.callTool({
      name: 'estimate_credits',
      arguments: { model: 'kling-3.0', prompt: 'a city at night', resolution: '1080p', duration: 10, audio: 'native' },
    });
    expect(structured(result)).toEqual({
      model: 'kling-3.0',
      product: 'text-to-video',
      units: 12,
      usd: 1.68,
      seconds: 10,
      price: { variant: 'native audio', resolution: '1080p', per_second: 1.2 },
      assumptions: [],
    });
    expect(sandbox.stats().requests.total).toBe(before);
  });
});

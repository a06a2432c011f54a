import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KlingError, type Progress } from '../../core/index.js';
import type { Sandbox } from '../../sandbox/index.js';
import { apiKeyClient, callbackReceiver, requestsTo, sandbox, TEXT_TO_VIDEO } from './support.js';

let box: Sandbox;
beforeAll(async () => {
  box = await sandbox();
});
afterAll(async () => {
  await box.stop();
});

const tasksReads = (): number => requestsTo(box, /^GET \/tasks$/);

describe('tracker', () => {
  it('polls many tasks in batches: fewer reads than tasks', async () => {
    const client = apiKeyClient(box, { concurrency: 40 });
    box.setAccount('default', { concurrency: 40 });
    const before = tasksReads();
    const runs = await Promise.all(
      Array.from({ length: 40 }, (_, index) => client.generate({ ...TEXT_TO_VIDEO, prompt: `batch ${index}` }, { timeoutMs: 30_000 })),
    );
    expect(runs.every(({ result }) => result.done && result.task.status === 'succeeded')).toBe(true);
    const reads = tasksReads() - before;
    // A per-task poller needs at least one read per task, and usually several.
    expect(reads).toBeLessThan(40);
    expect(client.metrics().activeTasks).toBe(0);
    box.setAccount('default', { concurrency: 5 });
    await client.close();
  });

  it('returns the handle when a wait times out, and a later wait resumes it', async () => {
    box.setTimeScale(0.05);
    const client = apiKeyClient(box, { poll: { scale: 0.05 } });
    try {
      const created = await client.create(TEXT_TO_VIDEO);
      const first = await client.wait(created.handle, { timeoutMs: 50 });
      expect(first.done).toBe(false);
      if (first.done) return;
      expect(first.reason).toBe('timeout');
      expect(first.handle).toBe(created.handle);
      expect(first.pollAfterMs).toBeGreaterThan(0);
      // A fresh client (another process) resumes from the handle alone.
      const other = apiKeyClient(box, { poll: { scale: 0.05 } });
      const second = await other.wait(first.handle, { timeoutMs: 30_000 });
      expect(second.done && second.task.status).toBe('succeeded');
      await other.close();
    } finally {
      box.setTimeScale(0.001);
      await client.close();
    }
  });

  it('stops waiting when the signal aborts; the task keeps running and stays readable', async () => {
    box.setTimeScale(0.05);
    const client = apiKeyClient(box, { poll: { scale: 0.05 } });
    try {
      const created = await client.create(TEXT_TO_VIDEO);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 20);
      const result = await client.wait(created.handle, { signal: controller.signal });
      expect(result).toMatchObject({ done: false, reason: 'cancelled', handle: created.handle });
      const later = await client.wait(created.handle, { timeoutMs: 30_000 });
      expect(later.done && later.task.status).toBe('succeeded');
    } finally {
      box.setTimeScale(0.001);
      await client.close();
    }
  });

  it('reports progress that never decreases and ends at 1', async () => {
    box.setTimeScale(0.02);
    const client = apiKeyClient(box, { poll: { scale: 0.02 } });
    try {
      const seen: Progress[] = [];
      const { result } = await client.generate(TEXT_TO_VIDEO, {
        timeoutMs: 30_000,
        onProgress: (p) => seen.push(p),
        progressIntervalMs: 20,
      });
      expect(result.done).toBe(true);
      expect(seen.length).toBeGreaterThan(2);
      for (let i = 1; i < seen.length; i += 1) expect(seen[i]!.fraction).toBeGreaterThanOrEqual(seen[i - 1]!.fraction);
      expect(seen.at(-1)?.fraction).toBe(1);
    } finally {
      box.setTimeScale(0.001);
      await client.close();
    }
  });

  it('ends a wait on a signed callback instead of the next poll', async () => {
    const secret = 'whsec_dHJhY2tpbmctdGVzdC13ZWJob29rLXNlY3JldC0xMjM0NQ==';
    const signed = await sandbox({ timeScale: 0.02, webhookSecret: secret });
    // A long poll schedule: only the callback can end the wait quickly.
    const client = apiKeyClient(signed, { poll: { scale: 1 }, webhookSecrets: [secret] });
    const receiver = await callbackReceiver(async (body, request) => {
      const outcome = await client.ingestCallback(body, request.headers as Record<string, string>);
      return { status: outcome.accepted ? 200 : outcome.status };
    });
    try {
      const { result } = await client.generate({ ...TEXT_TO_VIDEO, callbackUrl: receiver.url }, { timeoutMs: 20_000 });
      expect(result.done && result.task.status).toBe('succeeded');
      expect(requestsTo(signed, /^GET \/tasks$/)).toBe(0);
      expect(receiver.received.length).toBeGreaterThanOrEqual(2);
    } finally {
      await receiver.close();
      await client.close();
      await signed.stop();
    }
  });

  it('without a secret, an unsigned callback ends a wait only through a read of the task', async () => {
    box.setTimeScale(0.02);
    const client = apiKeyClient(box, { poll: { scale: 1 } });
    const receiver = await callbackReceiver(async (body, request) => {
      const outcome = await client.ingestCallback(body, request.headers as Record<string, string>);
      return { status: outcome.accepted ? 200 : outcome.status };
    });
    try {
      const before = tasksReads();
      const { result } = await client.generate({ ...TEXT_TO_VIDEO, callbackUrl: receiver.url }, { timeoutMs: 20_000 });
      expect(result.done && result.task.status).toBe('succeeded');
      // Each hint was checked against the API: at least the final one was read.
      expect(tasksReads() - before).toBeGreaterThanOrEqual(1);
      expect(tasksReads() - before).toBeLessThanOrEqual(receiver.received.length);
    } finally {
      box.setTimeScale(0.001);
      await receiver.close();
      await client.close();
    }
  });

  it('reports a failed task with its reason and no cost', async () => {
    const client = apiKeyClient(box);
    const { result } = await client.generate({ ...TEXT_TO_VIDEO, prompt: 'a boat [sandbox:fail]' }, { timeoutMs: 20_000 });
    expect(result.done).toBe(true);
    if (!result.done) return;
    expect(result.task.status).toBe('failed');
    expect(result.task.failureMessage).toMatch(/risk control|content/i);
    expect(result.task.costUnits ?? 0).toBe(0);
    await client.close();
  });

  it('says a task may exist when a create is cancelled while on the wire', async () => {
    const client = apiKeyClient(box);
    box.setFaults({ latencyMs: 300, scope: 'creates' });
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await client
        .create({ ...TEXT_TO_VIDEO, externalTaskId: 'cancelled-on-the-wire' }, { signal: controller.signal })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KlingError);
      expect(error).toMatchObject({ kind: 'cancelled', taskMayExist: true, externalTaskId: 'cancelled-on-the-wire' });
      expect((error as KlingError).hint).toMatch(/cancelled-on-the-wire/);
    } finally {
      box.setFaults({});
      await client.close();
    }
  });
});

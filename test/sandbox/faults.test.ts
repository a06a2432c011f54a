import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, startSandbox, type Faults, type Sandbox } from '../../sandbox/index.js';
import { call, textToVideo, type KlingReply } from './helpers.js';

const token = DEMO_API_KEY;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, manualClock: true, seed: 11, concurrency: 100 });
  sandbox.setAccount('calm', { apiKeys: ['calm-key'] });
});
afterAll(() => sandbox.stop());
beforeEach(() => {
  sandbox.setFaults({});
  sandbox.resetStats();
});

const create = (externalTaskId?: string) =>
  call(sandbox, '/text-to-video/kling-3.0-turbo', { token, body: textToVideo('faulty', { externalTaskId }) });

describe('reply faults', () => {
  it.each([
    ['internalError', 500, 5000],
    ['maintenance', 503, 5001],
    ['internalTimeout', 504, 5002],
    ['tooManyRequests', 429, 1302],
  ] as const)('%s answers %i/%i and creates nothing', async (kind, status, code) => {
    sandbox.setFaults({ [kind]: 1 });
    const tasksBefore = sandbox.tasks().length;
    const reply = await create();
    expect([reply.status, reply.body.code]).toEqual([status, code]);
    expect(reply.body.data).toBeUndefined();
    expect(sandbox.tasks()).toHaveLength(tasksBefore);
    const read = await call(sandbox, '/tasks?task_ids=0', { token });
    expect(read.body.code).toBe(code);
    expect(sandbox.stats().faults[kind]).toBe(2);
  });

  it('touches only the account it is set on', async () => {
    sandbox.setFaults({ internalError: 1 });
    expect((await create()).body.code).toBe(5000);
    expect((await call(sandbox, '/tasks?task_ids=0', { token: 'calm-key' })).body.code).toBe(0);
  });

  it('can be limited to creates or to reads', async () => {
    sandbox.setFaults({ maintenance: 1, scope: 'reads' });
    expect((await create()).body.code).toBe(0);
    expect((await call(sandbox, '/tasks?task_ids=0', { token })).body.code).toBe(5001);
    sandbox.setFaults({ maintenance: 1, scope: 'creates' });
    expect((await create()).body.code).toBe(5001);
    expect((await call(sandbox, '/tasks?task_ids=0', { token })).body.code).toBe(0);
  });
});

describe('latency', () => {
  it('delays replies and counts the added time in the stats', async () => {
    sandbox.setFaults({ latencyMs: 25 });
    expect((await call(sandbox, '/tasks?task_ids=0', { token })).body.code).toBe(0);
    expect((await create()).body.code).toBe(0);
    expect(sandbox.stats().faults.latency).toEqual({ count: 2, totalMs: 50 });
  });
});

describe('dropped connections', () => {
  it('destroys the connection without a reply and creates nothing', async () => {
    sandbox.setFaults({ dropConnection: 1 });
    const tasksBefore = sandbox.tasks().length;
    await expect(create('dropped-1')).rejects.toThrow();
    expect(sandbox.tasks()).toHaveLength(tasksBefore);
    const stats = sandbox.stats();
    expect(stats.faults.dropConnection).toBe(1);
    expect(stats.requests.byRoute['POST /{product}/{model}']).toEqual({ dropped: 1 });
    sandbox.setFaults({});
    expect((await call(sandbox, '/tasks?external_task_ids=dropped-1', { token })).body.data).toEqual([]);
  });
});

describe('lost create replies', () => {
  it('creates the task, then drops the reply; the task is found by its external id and a re-send is refused', async () => {
    sandbox.setFaults({ lostCreateReply: 1 });
    await expect(create('lost-1')).rejects.toThrow();
    // Reads are not creates: they are answered normally.
    expect((await call(sandbox, '/tasks?task_ids=0', { token })).body.code).toBe(0);
    sandbox.setFaults({});

    const found = await call(sandbox, '/tasks?external_task_ids=lost-1', { token });
    expect(found.body.data).toHaveLength(1);
    expect(found.body.data[0]).toMatchObject({ external_id: 'lost-1', status: 'submitted' });
    const again = await create('lost-1');
    expect([again.status, again.body.code]).toEqual([400, 1201]);
    const stats = sandbox.stats();
    expect(stats.faults.lostCreateReply).toBe(1);
    expect(stats.creates.tasksByExternalId['lost-1']).toBe(1);
    expect(stats.requests.byRoute['POST /{product}/{model}']).toEqual({ 'lost-reply': 1, 1201: 1 });
  });

  it('works on legacy creates too: the task is on its product path by external id', async () => {
    sandbox.setFaults({ lostCreateReply: 1 });
    await expect(
      call(sandbox, '/v1/videos/text2video', {
        token,
        body: { model_name: 'kling-v2-6', prompt: 'lost', external_task_id: 'lost-legacy' },
      }),
    ).rejects.toThrow();
    sandbox.setFaults({});
    const read = await call(sandbox, '/v1/videos/text2video/lost-legacy', { token });
    expect(read.body.data.task_info.external_task_id).toBe('lost-legacy');
  });
});

describe('seeded fault draws', () => {
  it('replay the same sequence for the same seed and faults', async () => {
    const faults: Faults = { internalError: 0.2, tooManyRequests: 0.2, internalTimeout: 0.1 };
    const sequence = async (seed: number) => {
      const own = await startSandbox({ port: 0, manualClock: true, seed, faults, concurrency: 100 });
      try {
        const codes: number[] = [];
        for (let index = 0; index < 30; index += 1) codes.push((await call(own, '/tasks?task_ids=0', { token })).body.code);
        return codes;
      } finally {
        await own.stop();
      }
    };
    const first = await sequence(5);
    expect(await sequence(5)).toEqual(first);
    expect(new Set(first)).toEqual(new Set([0, 5000, 1302, 5002]));
  });

  it('are set through the control API as well', async () => {
    const reply = await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'PUT', body: JSON.stringify({ tooManyRequests: 1 }) });
    expect(((await reply.json()) as KlingReply['body']).faults).toEqual({ tooManyRequests: 1 });
    expect((await call(sandbox, '/tasks?task_ids=0', { token })).body.code).toBe(1302);
    const refused = await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: 'PUT',
      body: JSON.stringify({ internalError: 0.8, maintenance: 0.8 }),
    });
    expect(refused.status).toBe(400);
  });
});

describe('generation failures', () => {
  it('fail the given share of tasks after they ran, charging nothing', async () => {
    sandbox.setFaults({ taskFailure: 1 });
    const created = await create();
    sandbox.setFaults({});
    sandbox.advanceClock(3_600_000);
    const record = (await call(sandbox, `/tasks?task_ids=${created.body.data.id}`, { token })).body.data[0];
    expect(record.status).toBe('failed');
    expect(record.message).toMatch(/generation error/);
    expect(sandbox.stats().faults.taskFailure).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCESS_KEY, DEMO_API_KEY, DEMO_SECRET_KEY, FAILURE_MARKER, startSandbox, type Sandbox } from '../../sandbox/index.js';
import { call, signJwt, textToVideo } from './helpers.js';

const token = DEMO_API_KEY;

describe('concurrency per account × model version', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, manualClock: true, concurrency: 2 });
  });
  afterAll(() => sandbox.stop());

  it('answers 429/1303 without data over the limit, holds slots until tasks end, counts the peak', async () => {
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        call(sandbox, '/text-to-video/kling-3.0-turbo', { token, body: textToVideo(`load ${index}`) }),
      ),
    );
    const accepted = replies.filter((reply) => reply.body.code === 0);
    const refused = replies.filter((reply) => reply.body.code === 1303);
    expect(accepted).toHaveLength(2);
    expect(refused).toHaveLength(6);
    for (const reply of refused) {
      expect(reply.status).toBe(429);
      expect(reply.body.data).toBeUndefined();
    }
    // Another model version has its own pool; the legacy standard shares the model's pool.
    expect((await call(sandbox, '/text-to-video/kling-2.6', { token, body: { prompt: 'other model' } })).body.code).toBe(0);
    expect(
      (await call(sandbox, '/v1/videos/text2video', { token, body: { model_name: 'kling-v2-6', prompt: 'same pool' } })).body.code,
    ).toBe(0);
    expect((await call(sandbox, '/v1/videos/text2video', { token, body: { model_name: 'kling-v2-6', prompt: 'full' } })).body.code).toBe(
      1303,
    );

    sandbox.advanceClock(3_600_000);
    expect((await call(sandbox, '/text-to-video/kling-3.0-turbo', { token, body: textToVideo('after the others ended') })).body.code).toBe(
      0,
    );

    const stats = sandbox.stats();
    expect(stats.concurrency['default/kling-3.0-turbo']).toMatchObject({ limit: 2, peak: 2, refused: 6, active: 1 });
    expect(stats.concurrency['default/kling-2.6']).toMatchObject({ limit: 2, peak: 2, refused: 1, active: 0 });
    expect(stats.requests.byRoute['POST /{product}/{model}']?.['1303']).toBe(6);
  });

  it('takes per-model limits from the account', async () => {
    sandbox.setAccount('default', { concurrencyByModel: { 'kling-2.5-turbo': 1 } });
    expect((await call(sandbox, '/text-to-video/kling-2.5-turbo', { token, body: { prompt: 'one' } })).body.code).toBe(0);
    expect((await call(sandbox, '/text-to-video/kling-2.5-turbo', { token, body: { prompt: 'two' } })).body.code).toBe(1303);
  });
});

describe('external_task_id is unique per account', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, manualClock: true });
    sandbox.setAccount('other', { apiKeys: ['other-key'] });
  });
  afterAll(() => sandbox.stop());

  it('refuses a duplicate with 400/1201 "already exists" on both standards and creates nothing', async () => {
    const first = await call(sandbox, '/text-to-video/kling-3.0-turbo', {
      token,
      body: textToVideo('first', { externalTaskId: 'order-1' }),
    });
    expect(first.body.code).toBe(0);
    const unitsAfterFirst = sandbox.account()!.remainingUnits;
    const again = await call(sandbox, '/text-to-video/kling-3.0-turbo', {
      token,
      body: textToVideo('again', { externalTaskId: 'order-1' }),
    });
    expect([again.status, again.body.code]).toEqual([400, 1201]);
    expect(again.body.message).toMatch(/already exists/);
    const legacy = await call(sandbox, '/v1/videos/text2video', {
      token,
      body: { model_name: 'kling-v2-6', prompt: 'x', external_task_id: 'order-1' },
    });
    expect([legacy.status, legacy.body.code]).toEqual([400, 1201]);

    expect(sandbox.tasks().filter((task) => task.externalTaskId === 'order-1')).toHaveLength(1);
    expect(sandbox.account()!.remainingUnits).toBe(unitsAfterFirst);
    const stats = sandbox.stats();
    expect(stats.creates.tasksByExternalId['order-1']).toBe(1);
    expect(stats.creates.attemptsByExternalId['order-1']).toBe(3);
    expect(stats.creates.duplicateExternalIds).toBe(2);
  });

  it('lets another account use the same external id', async () => {
    const reply = await call(sandbox, '/text-to-video/kling-3.0-turbo', {
      token: 'other-key',
      body: textToVideo('mine', { externalTaskId: 'order-1' }),
    });
    expect(reply.body.code).toBe(0);
    const mine = await call(sandbox, '/tasks?external_task_ids=order-1', { token: 'other-key' });
    expect(mine.body.data.map((record: { id: string }) => record.id)).toEqual([reply.body.data.id]);
  });
});

describe('resource pack units', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    // 5 units: two 3 s kling-3.0-turbo clips at 720p cost 2.4 each.
    sandbox = await startSandbox({ port: 0, manualClock: true, units: 5 });
  });
  afterAll(() => sandbox.stop());

  it("reports the pack in Kling's shape through /account/costs, with an API key or a JWT", async () => {
    const reply = await call(sandbox, `/account/costs?start_time=0&end_time=${Date.now()}`, { token });
    expect(reply.body.data).toMatchObject({ code: 0, msg: expect.any(String) });
    expect(reply.body.data.resource_pack_subscribe_infos).toEqual([
      {
        resource_pack_name: expect.any(String),
        resource_pack_id: expect.stringMatching(/^[0-9a-f]{32}$/),
        resource_pack_type: 'decreasing_total',
        total_quantity: 5,
        remaining_quantity: 5,
        purchase_time: expect.any(Number),
        effective_time: expect.any(Number),
        invalid_time: expect.any(Number),
        status: 'online',
      },
    ]);
    const jwt = await signJwt(DEMO_ACCESS_KEY, DEMO_SECRET_KEY);
    expect((await call(sandbox, `/account/costs?start_time=0&end_time=${Date.now()}`, { token: jwt })).body.code).toBe(0);
    const missing = await call(sandbox, '/account/costs', { token });
    expect([missing.status, missing.body.code]).toEqual([400, 1201]);
  });

  it('refuses a create the units cannot pay with 429/1102, and gives back the units of failed tasks', async () => {
    expect((await call(sandbox, '/text-to-video/kling-3.0-turbo', { token, body: textToVideo('one') })).body.code).toBe(0);
    const failing = await call(sandbox, '/text-to-video/kling-3.0-turbo', { token, body: textToVideo(`two ${FAILURE_MARKER}`) });
    expect(failing.body.code).toBe(0);
    const broke = await call(sandbox, '/text-to-video/kling-3.0-turbo', { token, body: textToVideo('three') });
    expect([broke.status, broke.body.code]).toEqual([429, 1102]);
    expect(broke.body.data).toBeUndefined();

    sandbox.advanceClock(3_600_000);
    const costs = await call(sandbox, `/account/costs?start_time=0&end_time=${Date.now()}`, { token });
    expect(costs.body.data.resource_pack_subscribe_infos[0].remaining_quantity).toBe(2.6);
    expect((await call(sandbox, '/text-to-video/kling-3.0-turbo', { token, body: textToVideo('three, again') })).body.code).toBe(0);
    sandbox.advanceClock(3_600_000);
    const empty = await call(sandbox, `/account/costs?start_time=0&end_time=${Date.now()}`, { token });
    expect(empty.body.data.resource_pack_subscribe_infos[0]).toMatchObject({ remaining_quantity: 0.2, status: 'online' });
    sandbox.setAccount('default', { units: 0 });
    const runOut = await call(sandbox, `/account/costs?start_time=0&end_time=${Date.now()}`, { token });
    expect(runOut.body.data.resource_pack_subscribe_infos[0].status).toBe('runOut');
  });
});

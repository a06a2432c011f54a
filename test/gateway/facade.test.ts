import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/index.js';
import { requestsTo } from '../core/support.js';
import { eventually, gateway, kling, legacyBody, newStandardBody, token, upstream, type TestGateway, type TestToken } from './helpers.js';

/** Kling's own create and read paths, spoken in raw HTTP as any Kling client speaks them. */
describe('gateway: the Kling API facade', () => {
  let box: Sandbox;
  let gw: TestGateway;
  const alice: TestToken = token('alice');
  const bob: TestToken = token('bob', { models: ['kling-2.6'], rateLimit: { requests: 1_000, perSeconds: 60 } });
  const limited: TestToken = token('limited', { rateLimit: { requests: 2, perSeconds: 3600 } });

  beforeAll(async () => {
    box = await upstream();
    gw = await gateway(box, [alice, bob, limited]);
  });

  afterAll(async () => {
    await gw?.close();
    await box?.stop();
  });

  it('creates on the new standard and answers in its shape; GET /tasks reads it by id and by external id', async () => {
    const created = await kling(gw.url, alice.secret, 'POST', '/text-to-video/kling-3.0-turbo', newStandardBody('alice-new-1'));
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      code: 0,
      message: 'SUCCEED',
      data: { status: expect.stringMatching(/^(submitted|processing)$/), external_id: 'alice-new-1' },
    });
    expect(created.body.request_id).toMatch(/^[0-9a-f-]{36}$/);
    const id = created.body.data.id as string;
    expect(id).toMatch(/^\d{18,19}$/);
    expect(Object.keys(created.body.data).sort()).toEqual(['create_time', 'external_id', 'id', 'status', 'update_time']);

    const done = await eventually(
      () => kling(gw.url, alice.secret, 'GET', `/tasks?task_ids=${id}`),
      (answer) => answer.body.data?.[0]?.status === 'succeeded',
      'the task succeeds',
    );
    const record = done.body.data[0];
    expect(record).toMatchObject({
      id,
      external_id: 'alice-new-1',
      message: '',
      billing: [{ charge_type: 'unit', amount: '2.4', package_type: 'video' }],
    });
    expect(record.outputs).toHaveLength(1);
    expect(record.outputs[0]).toMatchObject({
      type: 'video',
      url: expect.stringMatching(/^http/),
      duration: expect.stringMatching(/^3\.\d+$/),
    });

    const byExternal = await kling(gw.url, alice.secret, 'GET', '/tasks?external_task_ids=alice-new-1');
    expect(byExternal.body.data).toEqual([record]);
  });

  it('creates on the legacy standard and answers in its shape; the legacy read finds it by id and by external id', async () => {
    const created = await kling(gw.url, alice.secret, 'POST', '/v1/videos/text2video', legacyBody('alice-legacy-1'));
    expect(created.status).toBe(200);
    expect(created.body.data).toMatchObject({
      task_status: expect.stringMatching(/^(submitted|processing)$/),
      task_info: { external_task_id: 'alice-legacy-1' },
    });
    const id = created.body.data.task_id as string;

    const done = await eventually(
      () => kling(gw.url, alice.secret, 'GET', `/v1/videos/text2video/${id}`),
      (answer) => answer.body.data?.task_status === 'succeed',
      'the legacy task succeeds',
    );
    expect(done.body.data).toMatchObject({
      task_id: id,
      final_unit_deduction: '1.5',
      task_info: { external_task_id: 'alice-legacy-1' },
      task_result: { videos: [{ url: expect.stringMatching(/^http/) }] },
    });
    const byExternal = await kling(gw.url, alice.secret, 'GET', '/v1/videos/text2video/alice-legacy-1');
    expect(byExternal.body.data.task_id).toBe(id);
    // Every task can also be read through /tasks, whichever standard created it (as at Kling).
    const viaTasks = await kling(gw.url, alice.secret, 'GET', `/tasks?task_ids=${id}`);
    expect(viaTasks.body.data[0]).toMatchObject({ id, status: 'succeeded', external_id: 'alice-legacy-1' });
  });

  it('creates exactly once per token and external id: a repeat is refused as Kling refuses it, and nothing new is created', async () => {
    const first = await kling(gw.url, alice.secret, 'POST', '/text-to-video/kling-3.0-turbo', newStandardBody('once-1'));
    expect(first.status).toBe(200);
    const before = box.stats().creates.accepted;
    const again = await kling(gw.url, alice.secret, 'POST', '/text-to-video/kling-3.0-turbo', newStandardBody('once-1'));
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ code: 1201, message: "external_task_id 'once-1' already exists" });
    expect(again.body).not.toHaveProperty('data');
    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () => kling(gw.url, alice.secret, 'POST', '/v1/videos/text2video', legacyBody('once-2'))),
    );
    expect(concurrent.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(concurrent.filter((answer) => answer.body.code === 1201)).toHaveLength(4);
    expect(box.stats().creates.accepted - before).toBe(1);
    // The same external id of another token is that token's own: a task of its own.
    const bobs = await kling(gw.url, bob.secret, 'POST', '/v1/videos/text2video', legacyBody('once-1'));
    expect(bobs.status).toBe(200);
    expect(bobs.body.data.task_id).not.toBe(first.body.data.id);
  });

  it("never shows a token another token's task, by id or by external id", async () => {
    const created = await kling(gw.url, alice.secret, 'POST', '/text-to-video/kling-3.0-turbo', newStandardBody('private-1'));
    const id = created.body.data.id as string;
    const byId = await kling(gw.url, bob.secret, 'GET', `/tasks?task_ids=${id}`);
    expect(byId).toMatchObject({ status: 200, body: { code: 0, data: [] } });
    const byExternal = await kling(gw.url, bob.secret, 'GET', '/tasks?external_task_ids=private-1');
    expect(byExternal.body.data).toEqual([]);
    const legacy = await kling(gw.url, bob.secret, 'GET', `/v1/videos/text2video/${id}`);
    expect(legacy.status).toBe(400);
    expect(legacy.body).toMatchObject({ code: 1201, message: `Task not found by id/external id: ${id}` });
    // Its owner sees it.
    expect((await kling(gw.url, alice.secret, 'GET', `/tasks?task_ids=${id}`)).body.data).toHaveLength(1);
  });

  it('refuses bad requests in Kling codes before anything reaches Kling, naming the wire field', async () => {
    const creates = (): number => requestsTo(box, /^POST /);
    const before = creates();
    const duration = await kling(gw.url, alice.secret, 'POST', '/text-to-video/kling-3.0-turbo', {
      prompt: 'x',
      settings: { duration: 99 },
    });
    expect(duration.status).toBe(400);
    expect(duration.body.code).toBe(1201);
    expect(duration.body.message).toMatch(/^settings\.duration: 99/);
    const unknownModel = await kling(gw.url, alice.secret, 'POST', '/text-to-video/kling-9', { prompt: 'x' });
    expect(unknownModel).toMatchObject({ status: 404, body: { code: 1203 } });
    const legacyField = await kling(gw.url, alice.secret, 'POST', '/text-to-video/kling-3.0-turbo', {
      prompt: 'x',
      model_name: 'kling-v3',
    });
    expect(legacyField.body.message).toMatch(/model_name: is not a field of the new standard/);
    const notJson = await kling(gw.url, alice.secret, 'POST', '/v1/videos/text2video', '{"model_name":');
    expect(notJson).toMatchObject({ status: 400, body: { code: 1200 } });
    const camera = await kling(gw.url, alice.secret, 'POST', '/v1/videos/text2video', {
      ...legacyBody(),
      model_name: 'kling-v1-6',
      camera_control: { type: 'simple' },
    });
    expect(camera.body).toMatchObject({ code: 1201, message: 'camera_control: not supported by this gateway' });
    const tooMany = await kling(gw.url, alice.secret, 'GET', `/tasks?task_ids=${Array.from({ length: 21 }, (_, i) => i + 1).join(',')}`);
    expect(tooMany.body).toMatchObject({ code: 1201, message: 'at most 20 ids per query (got 21)' });
    const both = await kling(gw.url, alice.secret, 'GET', '/tasks?task_ids=1&external_task_ids=2');
    expect(both.body.code).toBe(1201);
    expect(creates()).toBe(before);
  });

  it("refuses a model outside the token's list with 1103, and answers missing or unknown tokens with Kling's 401 codes", async () => {
    const model = await kling(gw.url, bob.secret, 'POST', '/text-to-video/kling-3.0-turbo', newStandardBody());
    expect(model).toMatchObject({
      status: 403,
      body: { code: 1103, message: "token 'bob' may not use kling-3.0-turbo (allowed: kling-2.6)" },
    });
    const none = await kling(gw.url, undefined, 'GET', '/tasks?task_ids=1');
    expect(none).toMatchObject({ status: 401, body: { code: 1001 } });
    const unknown = await kling(gw.url, 'kgw_not-a-token', 'GET', '/tasks?task_ids=1');
    expect(unknown).toMatchObject({ status: 401, body: { code: 1000 } });
    const basic = await fetch(`${gw.url}/tasks?task_ids=1`, { headers: { authorization: 'Basic abc' } });
    expect(basic.status).toBe(401);
    expect(((await basic.json()) as { code: number }).code).toBe(1002);
  });

  it("holds a token to its rate limit (1302), which is that token's alone", async () => {
    expect((await kling(gw.url, limited.secret, 'GET', '/tasks?task_ids=1')).status).toBe(200);
    expect((await kling(gw.url, limited.secret, 'GET', '/tasks?task_ids=1')).status).toBe(200);
    const third = await kling(gw.url, limited.secret, 'GET', '/tasks?task_ids=1');
    expect(third).toMatchObject({
      status: 429,
      body: { code: 1302, message: "too many requests: token 'limited' may send 2 requests per 3600 s" },
    });
    expect((await kling(gw.url, alice.secret, 'GET', '/tasks?task_ids=1')).status).toBe(200);
  });

  it("answers paths it does not serve with 1203 (a wrong method with 1202), and records every create, read and callback in the token's audit log", async () => {
    const other = await kling(gw.url, alice.secret, 'POST', '/v1/images/generations', {});
    expect(other).toMatchObject({ status: 404, body: { code: 1203 } });
    const method = await kling(gw.url, alice.secret, 'GET', '/text-to-video/kling-3.0-turbo');
    expect(method).toMatchObject({
      status: 404,
      body: { code: 1202, message: 'wrong HTTP method: /text-to-video/kling-3.0-turbo takes POST' },
    });
    const audit = await gw.audit();
    const events = new Set(audit.alice?.map((line) => line.event));
    expect(events).toEqual(new Set(['create', 'read', 'upstream-callback', 'task-end']));
    const create = audit.alice?.find((line) => line.event === 'create' && line.outcome === 'ok' && line.externalTaskId === 'alice-new-1');
    expect(create).toMatchObject({
      token: 'alice',
      model: 'kling-3.0-turbo',
      units: 2.4,
      taskId: expect.any(String),
      time: expect.any(String),
    });
    const ended = audit.alice?.find((line) => line.event === 'task-end' && line.taskId === create?.taskId);
    expect(ended).toMatchObject({ outcome: 'succeeded', units: 2.4, model: 'kling-3.0-turbo' });
    expect(audit.bob?.some((line) => line.event === 'create' && line.outcome === 'refused' && line.code === 1103)).toBe(true);
  });
});

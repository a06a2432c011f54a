import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, startSandbox, type Sandbox } from '../../sandbox/index.js';
import { call, textToVideo } from './helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TASK_ID = /^\d{18}$/;
const token = DEMO_API_KEY;

let sandbox: Sandbox;
beforeAll(async () => {
  // A manual clock: tasks stay submitted unless the test advances time.
  sandbox = await startSandbox({ port: 0, manualClock: true, seed: 7 });
});
afterAll(() => sandbox.stop());

describe('envelope and ids', () => {
  it('answers a new-standard create with the envelope, a UUID request id and an 18-digit string id', async () => {
    const reply = await call(sandbox, '/text-to-video/kling-3.0-turbo', {
      token,
      body: textToVideo('a paper boat', { externalTaskId: 'env-1' }),
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expect(reply.body).toMatchObject({ code: 0, message: 'SUCCEED', data: { status: 'submitted', external_id: 'env-1' } });
    expect(reply.body.request_id).toMatch(UUID);
    expect(reply.body.data.id).toMatch(TASK_ID);
    expect(typeof reply.body.data.id).toBe('string');
    expect(Object.keys(reply.body.data).sort()).toEqual(['create_time', 'external_id', 'id', 'status', 'update_time']);
    expect(reply.body.data.create_time).toBe(sandbox.clock().now);
  });

  it('answers a legacy create in the legacy shape', async () => {
    const reply = await call(sandbox, '/v1/videos/text2video', {
      token,
      body: { model_name: 'kling-v2-6', prompt: 'a lighthouse', duration: '5', mode: 'std', external_task_id: 'env-legacy' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.data).toMatchObject({ task_status: 'submitted', task_info: { external_task_id: 'env-legacy' } });
    expect(reply.body.data.task_id).toMatch(TASK_ID);
    expect(typeof reply.body.data.created_at).toBe('number');
  });

  it('refuses with the code, a message naming the field, and no data', async () => {
    const reply = await call(sandbox, '/text-to-video/kling-2.6', { token, body: { prompt: 'x', settings: { duration: 7 } } });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      code: 1201,
      message: expect.stringMatching(/^settings\.duration: 7 is not allowed/),
      request_id: expect.stringMatching(UUID),
    });
  });

  it('answers 400/1200 for a body that is not JSON', async () => {
    const reply = await call(sandbox, '/text-to-video/kling-2.6', { token, rawBody: '{"prompt": ' });
    expect([reply.status, reply.body.code]).toEqual([400, 1200]);
  });

  it('answers 404/1203 for an unknown model or path and 404/1202 for a wrong method', async () => {
    const unknownModel = await call(sandbox, '/text-to-video/kling-9.9', { token, body: { prompt: 'x' } });
    expect([unknownModel.status, unknownModel.body.code]).toEqual([404, 1203]);
    const unknownPath = await call(sandbox, '/videos/make', { token, body: {} });
    expect([unknownPath.status, unknownPath.body.code]).toEqual([404, 1203]);
    const wrongMethod = await call(sandbox, '/text-to-video/kling-3.0-turbo', { token });
    expect([wrongMethod.status, wrongMethod.body.code]).toEqual([404, 1202]);
    const deleteTasks = await call(sandbox, '/tasks', { token, method: 'DELETE' });
    expect([deleteTasks.status, deleteTasks.body.code]).toEqual([404, 1202]);
  });

  it('serves every catalog model and product on its standard', async () => {
    const image = 'https://example.com/frame.png';
    const creates: [string, unknown][] = [
      ['/image-to-video/kling-3.0-turbo', { contents: [{ type: 'first_frame', url: image }] }],
      ['/omni-video/kling-3.0-omni', { contents: [{ type: 'prompt', text: 'a fox' }] }],
      ['/omni-video/kling-o1', { contents: [{ type: 'prompt', text: 'a fox' }], settings: { duration: 5 } }],
      [
        '/motion-control/kling-2.6',
        {
          contents: [
            { type: 'image', url: image },
            { type: 'video', url: 'https://example.com/m.mp4' },
          ],
          settings: { character_orientation: 'image' },
        },
      ],
      ['/text-to-video/kling-2.5-turbo', { prompt: 'a car' }],
      ['/v1/videos/image2video', { model_name: 'kling-v2-1-master', image: image }],
      ['/v1/videos/omni-video', { model_name: 'kling-v3-omni', prompt: '<<<image_1>>> waves', image_list: [{ image_url: image }] }],
      [
        '/v1/videos/motion-control',
        { model_name: 'kling-v3', image_url: image, video_url: 'https://example.com/m.mp4', character_orientation: 'video' },
      ],
      ['/v1/videos/multi-image2video', { model_name: 'kling-v1-6', prompt: 'collage', image_list: [{ image }, { image }] }],
    ];
    for (const [path, body] of creates) {
      const reply = await call(sandbox, path, { token, body });
      expect({ path, code: reply.body.code, message: reply.body.message }).toEqual({ path, code: 0, message: 'SUCCEED' });
    }
  });
});

describe('reading tasks', () => {
  let newId: string;
  let legacyId: string;
  beforeAll(async () => {
    newId = (await call(sandbox, '/text-to-video/kling-3.0-turbo', { token, body: textToVideo('read me', { externalTaskId: 'read-new' }) }))
      .body.data.id;
    legacyId = (
      await call(sandbox, '/v1/videos/text2video', {
        token,
        body: { model_name: 'kling-v2-6', prompt: 'read me too', external_task_id: 'read-legacy' },
      })
    ).body.data.task_id;
  });

  it('reads by task ids and by external ids through GET /tasks, in the new shape', async () => {
    const byIds = await call(sandbox, `/tasks?task_ids=${newId},${legacyId}`, { token });
    expect(byIds.body.data.map((record: { id: string }) => record.id)).toEqual([newId, legacyId]);
    expect(Object.keys(byIds.body.data[0]).sort()).toEqual([
      'billing',
      'create_time',
      'external_id',
      'id',
      'message',
      'outputs',
      'status',
      'update_time',
    ]);
    const byExternal = await call(sandbox, '/tasks?external_task_ids=read-new,read-legacy', { token });
    expect(byExternal.body.data.map((record: { external_id: string }) => record.external_id)).toEqual(['read-new', 'read-legacy']);
  });

  it('returns legacy-created tasks through /tasks with an API key', async () => {
    const reply = await call(sandbox, `/tasks?task_ids=${legacyId}`, { token });
    expect(reply.body.data).toHaveLength(1);
    expect(reply.body.data[0]).toMatchObject({ id: legacyId, status: 'submitted', external_id: 'read-legacy', outputs: [], billing: [] });
  });

  it('answers unknown ids with 200 and an empty list', async () => {
    const reply = await call(sandbox, '/tasks?task_ids=0', { token });
    expect([reply.status, reply.body.code, reply.body.data]).toEqual([200, 0, []]);
  });

  it('refuses more than 20 ids, both parameters, or neither with 400/1201', async () => {
    const ids = Array.from({ length: 21 }, (_, index) => String(index + 1)).join(',');
    for (const query of [`task_ids=${ids}`, `task_ids=${newId}&external_task_ids=read-new`, '']) {
      const reply = await call(sandbox, `/tasks?${query}`, { token });
      expect([reply.status, reply.body.code]).toEqual([400, 1201]);
    }
  });

  it('reads a legacy task by id and by external id on its product path, in the legacy shape', async () => {
    for (const key of [legacyId, 'read-legacy']) {
      const reply = await call(sandbox, `/v1/videos/text2video/${key}`, { token });
      expect(reply.body.data).toMatchObject({
        task_id: legacyId,
        task_status: 'submitted',
        task_info: { external_task_id: 'read-legacy' },
      });
    }
  });

  it('answers 400/1201 "Task not found" for an unknown id or the wrong product', async () => {
    for (const path of [
      '/v1/videos/text2video/999999999999999999',
      `/v1/videos/image2video/${legacyId}`,
      '/v1/videos/image2video/read-legacy',
    ]) {
      const reply = await call(sandbox, path, { token });
      expect([reply.status, reply.body.code]).toEqual([400, 1201]);
      expect(reply.body.message).toMatch(/^Task not found by id\/external id: /);
    }
  });

  it('lists legacy tasks of a product page by page', async () => {
    const first = await call(sandbox, '/v1/videos/text2video?pageNum=1&pageSize=1', { token });
    const second = await call(sandbox, '/v1/videos/text2video?pageNum=2&pageSize=1', { token });
    expect(first.body.data).toHaveLength(1);
    expect(second.body.data).toHaveLength(1);
    expect(first.body.data[0].task_id).not.toBe(second.body.data[0].task_id);
    const bad = await call(sandbox, '/v1/videos/text2video?pageSize=501', { token });
    expect([bad.status, bad.body.code]).toEqual([400, 1201]);
  });

  it('lists every task with POST /tasks, newest first, page by page with a cursor', async () => {
    const all = await call(sandbox, '/tasks', { token, body: { limit: 500 } });
    const ids: string[] = all.body.data.result.map((record: { id: string }) => record.id);
    expect(all.body.data).toMatchObject({ count: ids.length, has_more: false, next_cursor: '' });
    expect(ids).toContain(newId);
    expect(ids).toContain(legacyId);
    expect(ids.indexOf(legacyId)).toBeLessThan(ids.indexOf(newId));

    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 50; page += 1) {
      const reply = await call(sandbox, '/tasks', { token, body: { limit: 3, cursor } });
      seen.push(...reply.body.data.result.map((record: { id: string }) => record.id));
      if (!reply.body.data.has_more) break;
      cursor = reply.body.data.next_cursor;
    }
    expect(seen).toEqual(ids);
  });

  it('filters the list by status and refuses unknown filters', async () => {
    const submitted = await call(sandbox, '/tasks', { token, body: { filters: [{ key: 'status', values: ['submitted'] }] } });
    expect(submitted.body.data.result.length).toBeGreaterThan(0);
    expect(submitted.body.data.result.every((record: { status: string }) => record.status === 'submitted')).toBe(true);
    const succeeded = await call(sandbox, '/tasks', { token, body: { filters: [{ key: 'status', values: ['succeeded'] }] } });
    expect(succeeded.body.data.result).toEqual([]);
    const images = await call(sandbox, '/tasks', { token, body: { filters: [{ key: 'product_type', values: ['image'] }] } });
    expect(images.body.data.result).toEqual([]);
    const bad = await call(sandbox, '/tasks', { token, body: { filters: [{ key: 'status', values: ['succeed'] }] } });
    expect([bad.status, bad.body.code]).toEqual([400, 1201]);
  });

  it('serves the legacy paths under a gateway prefix', async () => {
    const reply = await call(sandbox, `/klingai/v1/videos/text2video/${legacyId}`, { token });
    expect(reply.body.data.task_id).toBe(legacyId);
  });
});

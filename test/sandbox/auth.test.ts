import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCESS_KEY, DEMO_API_KEY, DEMO_SECRET_KEY, startSandbox, type Sandbox } from '../../sandbox/index.js';
import { call, signJwt, textToVideo } from './helpers.js';

let sandbox: Sandbox;
let jwt: string;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, manualClock: true });
  jwt = await signJwt(DEMO_ACCESS_KEY, DEMO_SECRET_KEY);
});
afterAll(() => sandbox.stop());

const legacyBody = { model_name: 'kling-v2-6', prompt: 'a lighthouse' };
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('API keys work on every endpoint', () => {
  it('on the new standard, the legacy standard and the account', async () => {
    const created = await call(sandbox, '/text-to-video/kling-3.0-turbo', { token: DEMO_API_KEY, body: textToVideo('api key') });
    expect(created.body.code).toBe(0);
    expect((await call(sandbox, `/tasks?task_ids=${created.body.data.id}`, { token: DEMO_API_KEY })).body.data).toHaveLength(1);
    const legacy = await call(sandbox, '/v1/videos/text2video', { token: DEMO_API_KEY, body: legacyBody });
    expect(legacy.body.code).toBe(0);
    expect((await call(sandbox, `/v1/videos/text2video/${legacy.body.data.task_id}`, { token: DEMO_API_KEY })).body.code).toBe(0);
    expect((await call(sandbox, `/account/costs?start_time=0&end_time=${Date.now()}`, { token: DEMO_API_KEY })).body.code).toBe(0);
  });
});

describe('AK/SK JWTs', () => {
  it('work on legacy endpoints and /account/*', async () => {
    const created = await call(sandbox, '/v1/videos/text2video', { token: jwt, body: legacyBody });
    expect(created.status).toBe(200);
    const read = await call(sandbox, `/v1/videos/text2video/${created.body.data.task_id}`, { token: jwt });
    expect(read.body.data.task_id).toBe(created.body.data.task_id);
    const costs = await call(sandbox, `/account/costs?start_time=0&end_time=${Date.now()}`, { token: jwt });
    expect(costs.body.data.resource_pack_subscribe_infos).toHaveLength(1);
  });

  it('are refused on new-standard endpoints with 401/1002 and a hint to use an API key', async () => {
    for (const [path, body] of [
      ['/text-to-video/kling-3.0-turbo', textToVideo('jwt')],
      ['/tasks?task_ids=0', undefined],
      ['/tasks', { limit: 1 }],
    ] as const) {
      const reply = await call(sandbox, path, { token: jwt, body });
      expect([reply.status, reply.body.code]).toEqual([401, 1002]);
      expect(reply.body.message).toMatch(/use an API key/);
      expect(reply.body.data).toBeUndefined();
    }
  });

  it('answer 1004 when expired and 1003 when not yet valid', async () => {
    const expired = await signJwt(DEMO_ACCESS_KEY, DEMO_SECRET_KEY, { nowSeconds: nowSeconds() - 3600 });
    const early = await signJwt(DEMO_ACCESS_KEY, DEMO_SECRET_KEY, { notBeforeOffset: 600 });
    const expiredReply = await call(sandbox, '/v1/videos/text2video', { token: expired, body: legacyBody });
    expect([expiredReply.status, expiredReply.body.code]).toEqual([401, 1004]);
    const earlyReply = await call(sandbox, '/v1/videos/text2video', { token: early, body: legacyBody });
    expect([earlyReply.status, earlyReply.body.code]).toEqual([401, 1003]);
  });

  it("judge validity by the server's wall clock, which can be skewed", async () => {
    sandbox.setClockSkew(2 * 3600 * 1000);
    try {
      const reply = await call(sandbox, '/v1/videos/text2video', { token: jwt, body: legacyBody });
      expect(reply.body.code).toBe(1004);
      const date = Date.parse(reply.headers.get('date') ?? '');
      expect(date - Date.now()).toBeGreaterThan(3600 * 1000);
    } finally {
      sandbox.setClockSkew(0);
    }
  });

  it('answer 1002 for a wrong signature and 1000 for an unknown access key', async () => {
    const forged = await signJwt(DEMO_ACCESS_KEY, 'not-the-secret');
    expect((await call(sandbox, '/v1/videos/text2video', { token: forged, body: legacyBody })).body.code).toBe(1002);
    const stranger = await signJwt('someone-else', DEMO_SECRET_KEY);
    const reply = await call(sandbox, '/v1/videos/text2video', { token: stranger, body: legacyBody });
    expect([reply.status, reply.body.code]).toEqual([401, 1000]);
  });
});

describe('missing or wrong credentials', () => {
  it('answer 1001 without an Authorization header, 1002 for another scheme, 1000 for an unknown API key', async () => {
    const none = await call(sandbox, '/tasks?task_ids=0', { token: null });
    expect([none.status, none.body.code]).toEqual([401, 1001]);
    const basic = await call(sandbox, '/tasks?task_ids=0', { token: null, headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect([basic.status, basic.body.code]).toEqual([401, 1002]);
    const unknown = await call(sandbox, '/tasks?task_ids=0', { token: 'not-a-key' });
    expect([unknown.status, unknown.body.code]).toEqual([401, 1000]);
  });

  it('never echo the credential in the message', async () => {
    const secretLooking = 'sk-very-secret-value-123';
    const reply = await call(sandbox, '/tasks?task_ids=0', { token: secretLooking });
    expect(JSON.stringify(reply.body)).not.toContain(secretLooking);
    const forged = await signJwt(DEMO_ACCESS_KEY, 'x');
    expect(JSON.stringify((await call(sandbox, '/v1/videos/text2video', { token: forged, body: legacyBody })).body)).not.toContain(forged);
  });

  it('only accept the configured keys when keys are given', async () => {
    const own = await startSandbox({ port: 0, apiKey: 'my-key', accessKey: 'my-ak', secretKey: 'my-sk' });
    try {
      expect(own.demoCredentials).toBe(false);
      expect((await call(own, '/tasks?task_ids=0', { token: DEMO_API_KEY })).body.code).toBe(1000);
      expect((await call(own, '/tasks?task_ids=0', { token: 'my-key' })).body.code).toBe(0);
      const ownJwt = await signJwt('my-ak', 'my-sk');
      expect((await call(own, '/v1/videos/text2video', { token: ownJwt, body: legacyBody })).body.code).toBe(0);
      expect((await call(own, '/v1/videos/text2video', { token: jwt, body: legacyBody })).body.code).toBe(1000);
    } finally {
      await own.stop();
    }
  });
});

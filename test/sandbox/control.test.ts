import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, startSandbox, type Sandbox } from '../../sandbox/index.js';
import { call, textToVideo, type KlingReply } from './helpers.js';

describe('the control API', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, manualClock: true });
  });
  afterAll(() => sandbox.stop());

  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${sandbox.url}/__sandbox${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as KlingReply['body'] };
  };

  it('lists its routes', async () => {
    const index = await control('GET', '');
    expect(Object.keys(index.body.routes)).toContain('GET /__sandbox/stats');
  });

  it('creates accounts with keys, units, concurrency and a webhook secret, and never shows a secret', async () => {
    const put = await control('PUT', '/accounts/team', {
      apiKeys: ['team-key'],
      keyPairs: [{ accessKey: 'team-ak', secretKey: 'team-sk' }],
      units: 12,
      concurrency: 1,
      webhookSecret: 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0MTI=',
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      id: 'team',
      apiKeyCount: 1,
      accessKeys: ['team-ak'],
      totalUnits: 12,
      concurrency: 1,
      signsCallbacks: true,
    });
    const listed = JSON.stringify((await control('GET', '/accounts')).body);
    expect(listed).not.toContain('team-key');
    expect(listed).not.toContain('team-sk');
    expect(listed).not.toContain('whsec_');
    expect((await call(sandbox, '/tasks?task_ids=0', { token: 'team-key' })).body.code).toBe(0);
  });

  it('refuses bad settings with 400 and a reason', async () => {
    const bad = await control('PUT', '/accounts/team', { concurrency: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/concurrency/);
    const taken = await control('PUT', '/accounts/thief', { apiKeys: ['team-key'] });
    expect(taken.status).toBe(400);
    expect((await control('GET', '/accounts/nobody')).status).toBe(404);
    expect((await control('GET', '/nothing-here')).status).toBe(404);
  });

  it('reports stats: requests per route and code, creates per external id, tasks, concurrency', async () => {
    await control('POST', '/stats/reset');
    await call(sandbox, '/text-to-video/kling-3.0-turbo', {
      token: DEMO_API_KEY,
      body: textToVideo('counted', { externalTaskId: 'stat-1' }),
    });
    await call(sandbox, '/text-to-video/kling-3.0-turbo', {
      token: DEMO_API_KEY,
      body: textToVideo('counted', { externalTaskId: 'stat-1' }),
    });
    await call(sandbox, '/tasks?task_ids=0', { token: DEMO_API_KEY });
    const stats = (await control('GET', '/stats')).body;
    expect(stats.requests.byRoute).toEqual({ 'POST /{product}/{model}': { 0: 1, 1201: 1 }, 'GET /tasks': { 0: 1 } });
    expect(stats.requests.total).toBe(3);
    expect(stats.creates).toMatchObject({
      accepted: 1,
      duplicateExternalIds: 1,
      tasksByExternalId: { 'stat-1': 1 },
      attemptsByExternalId: { 'stat-1': 2 },
    });
    expect(stats.tasks.byStatus.submitted).toBeGreaterThanOrEqual(1);
    expect(stats.concurrency['default/kling-3.0-turbo']).toMatchObject({ peak: 1, active: 1 });
    const tasks = (await control('GET', '/tasks?account=default')).body;
    expect(tasks.map((task: { externalTaskId: string }) => task.externalTaskId)).toContain('stat-1');
  });

  it("lists each task's generation time from the create on, and its end time once it ended", async () => {
    const created = await call(sandbox, '/text-to-video/kling-3.0-turbo', {
      token: DEMO_API_KEY,
      body: textToVideo('timed', { externalTaskId: 'timed-1' }),
    });
    const find = async () =>
      (
        (await control('GET', '/tasks')).body as { id: string; createdAt: number; endedAt?: number; generationMs: number; status: string }[]
      ).find((task) => task.id === created.body.data.id);
    const running = await find();
    expect(running?.endedAt).toBeUndefined();
    expect(running?.generationMs).toBeGreaterThan(0);
    await control('POST', '/clock', { advanceMs: (running?.generationMs ?? 0) + 1 });
    const ended = await find();
    expect(ended?.status).toBe('succeeded');
    expect(ended?.endedAt).toBe((ended?.createdAt ?? 0) + (running?.generationMs ?? 0));
  });

  it('can require a control token', async () => {
    const guarded = await startSandbox({ port: 0, controlToken: 'let-me-in' });
    try {
      expect((await fetch(`${guarded.url}/__sandbox/stats`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/__sandbox/stats`, { headers: { 'x-sandbox-token': 'let-me-in' } })).status).toBe(200);
    } finally {
      await guarded.stop();
    }
  });
});

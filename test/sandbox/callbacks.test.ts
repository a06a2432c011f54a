import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, signCallback, startSandbox, type Sandbox } from '../../sandbox/index.js';
import { call, callbackReceiver, textToVideo, waitFor } from './helpers.js';

const SECRET = 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0MTI=';

describe('the vendor test vector (shared/kling-api.md §5)', () => {
  it('is reproduced by the signing code', () => {
    const body = '{"id":"1234567890","status":"succeeded","message":"","create_time":1781080778802,"update_time":1781080794151}';
    expect(signCallback(SECRET, '9876543210', 1781080794, body)).toEqual({
      'webhook-id': '9876543210',
      'webhook-timestamp': '1781080794',
      'webhook-signature': 'v1,UsKlJP00XoQyOn410NM9xv34sP+Gl0jnOO9Lcpr7NJ4=',
    });
  });
});

describe('callbacks on every status change', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, timeScale: 0.005, webhookSecret: SECRET, callbackRetryDelayMs: 10, callbackRetries: 2 });
    sandbox.setAccount('unsigned', { apiKeys: ['unsigned-key'] });
  });
  afterAll(() => sandbox.stop());

  it('POSTs the new-standard record, signed with Standard Webhooks headers, for each status', async () => {
    const receiver = await callbackReceiver();
    try {
      const created = await call(sandbox, '/text-to-video/kling-3.0-turbo', {
        token: DEMO_API_KEY,
        body: textToVideo('signed', { callbackUrl: receiver.url, externalTaskId: 'cb-new' }),
      });
      await waitFor(
        () => (receiver.received.some((one) => JSON.parse(one.body).status === 'succeeded') ? true : undefined),
        'the final callback',
      );
      const verifier = new Webhook(SECRET);
      const bodies = receiver.received.map((one) => {
        expect(one.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
        expect(one.headers['content-type']).toBe('application/json');
        return verifier.verify(one.body, one.headers as Record<string, string>) as Record<string, unknown>;
      });
      expect(bodies.map((body) => body.status)).toEqual(['submitted', 'processing', 'succeeded']);
      expect(bodies[2]).toMatchObject({
        id: created.body.data.id,
        external_id: 'cb-new',
        billing: [{ charge_type: 'unit', amount: '2.4' }],
      });
      expect(new Set(receiver.received.map((one) => one.headers['webhook-id'])).size).toBe(3);
    } finally {
      await receiver.close();
    }
  });

  it('POSTs legacy-shaped records for legacy tasks', async () => {
    const receiver = await callbackReceiver();
    try {
      await call(sandbox, '/v1/videos/text2video', {
        token: DEMO_API_KEY,
        body: { model_name: 'kling-v2-6', prompt: 'legacy callback', callback_url: receiver.url },
      });
      await waitFor(() => (receiver.received.length === 3 ? true : undefined), 'three callbacks');
      const bodies = receiver.received.map((one) => JSON.parse(one.body));
      expect(bodies.map((body) => body.task_status)).toEqual(['submitted', 'processing', 'succeed']);
      expect(bodies[2]).toMatchObject({
        final_unit_deduction: '1.5',
        task_result: { videos: [expect.objectContaining({ url: expect.any(String) })] },
      });
      expect(new Webhook(SECRET).verify(receiver.received[2]!.body, receiver.received[2]!.headers as Record<string, string>)).toBeTruthy();
    } finally {
      await receiver.close();
    }
  });

  it('sends unsigned callbacks when the account has no webhook secret', async () => {
    const receiver = await callbackReceiver();
    try {
      await call(sandbox, '/text-to-video/kling-3.0-turbo', {
        token: 'unsigned-key',
        body: textToVideo('unsigned', { callbackUrl: receiver.url }),
      });
      await waitFor(() => (receiver.received.length === 3 ? true : undefined), 'three callbacks');
      for (const one of receiver.received) {
        expect(one.headers['webhook-signature']).toBeUndefined();
        expect(one.headers['webhook-id']).toBeUndefined();
      }
      expect(JSON.parse(receiver.received[2]!.body).status).toBe('succeeded');
    } finally {
      await receiver.close();
    }
  });

  it('retries a failed delivery a few times, then gives up, and counts it all', async () => {
    await sandbox.callbacksIdle();
    sandbox.resetStats();
    // The first two attempts fail, every later one succeeds.
    const flaky = await callbackReceiver((attempt) => (attempt < 2 ? 500 : 200));
    const dead = await callbackReceiver(() => 503);
    try {
      await call(sandbox, '/text-to-video/kling-3.0-turbo', {
        token: 'unsigned-key',
        body: textToVideo('flaky', { callbackUrl: flaky.url }),
      });
      await call(sandbox, '/text-to-video/kling-3.0-turbo', {
        token: 'unsigned-key',
        body: textToVideo('dead', { callbackUrl: dead.url }),
      });
      await waitFor(
        () => (sandbox.stats().callbacks.delivered === 3 && sandbox.stats().callbacks.failed === 3 ? true : undefined),
        'deliveries',
      );
      await sandbox.callbacksIdle();
      const stats = sandbox.stats().callbacks;
      // flaky: 500, 500, 200 for the first status, then 200, 200; dead: 3 attempts × 3 statuses.
      expect(stats).toMatchObject({ sent: 14, delivered: 3, failed: 3, retried: 8, unsigned: 14, pending: 0 });
      expect(stats.byOutcome).toEqual({ 500: 2, 200: 3, 503: 9 });
      expect(flaky.received.map((one) => JSON.parse(one.body).status)).toEqual([
        'submitted',
        'submitted',
        'submitted',
        'processing',
        'succeeded',
      ]);
    } finally {
      await flaky.close();
      await dead.close();
    }
  });

  it('counts unreachable callback URLs as network failures', async () => {
    const closed = await callbackReceiver();
    await closed.close();
    sandbox.resetStats();
    await call(sandbox, '/text-to-video/kling-3.0-turbo', {
      token: 'unsigned-key',
      body: textToVideo('nobody home', { callbackUrl: closed.url }),
    });
    await waitFor(() => (sandbox.stats().callbacks.failed === 3 ? true : undefined), 'three given-up deliveries');
    expect(sandbox.stats().callbacks.byOutcome).toEqual({ network: 9 });
  });
});

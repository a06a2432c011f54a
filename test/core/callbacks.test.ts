import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/index.js';
import { apiKeyClient, callbackReceiver, sandbox, TEXT_TO_VIDEO } from './support.js';

const SECRET = 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0MTI=';
let box: Sandbox;
let receiver: Awaited<ReturnType<typeof callbackReceiver>>;

beforeAll(async () => {
  box = await sandbox({ webhookSecret: SECRET });
  receiver = await callbackReceiver(() => ({ status: 200 }));
  const client = apiKeyClient(box);
  await client.generate({ ...TEXT_TO_VIDEO, callbackUrl: receiver.url }, { timeoutMs: 20_000 });
  await box.callbacksIdle();
  await client.close();
});
afterAll(async () => {
  await receiver.close();
  await box.stop();
});

const headersOf = (index: number): Record<string, string> => receiver.received[index]!.headers as Record<string, string>;
const final = (): { body: string; headers: Record<string, string> } => {
  const index = receiver.received.findIndex((delivery) => /"succeeded"/.test(delivery.body));
  return { body: receiver.received[index]!.body, headers: headersOf(index) };
};

describe('callbacks through the client', () => {
  it('accepts the signed deliveries, each status once', async () => {
    const client = apiKeyClient(box, { webhookSecrets: [SECRET] });
    const outcomes = [];
    for (const delivery of receiver.received)
      outcomes.push(await client.ingestCallback(delivery.body, delivery.headers as Record<string, string>));
    expect(outcomes.every((outcome) => outcome.accepted)).toBe(true);
    const statuses = outcomes.map((outcome) => (outcome.accepted ? outcome.task.status : 'refused'));
    expect(statuses).toContain('succeeded');
    // Replayed: the same signed delivery again is recognised and not fed twice.
    const replay = await client.ingestCallback(final().body, final().headers);
    expect(replay).toMatchObject({ accepted: true, duplicate: true, verifiedBy: 'signature' });
    void client.close();
  });

  it('refuses a forged body, a wrong secret, a missing signature and a stale timestamp with 401', async () => {
    const client = apiKeyClient(box, { webhookSecrets: [SECRET] });
    const { body, headers } = final();
    const forged = await client.ingestCallback(body.replace('succeeded', 'failed'), headers);
    expect(forged).toMatchObject({ accepted: false, status: 401 });
    const unsigned = await client.ingestCallback(body, { 'content-type': 'application/json' });
    expect(unsigned).toMatchObject({ accepted: false, status: 401 });
    const other = apiKeyClient(box, { webhookSecrets: ['whsec_b3RoZXJzZWNyZXRvdGhlcnNlY3JldG90aGVyc2VjcmV0'] });
    expect(await other.ingestCallback(body, headers)).toMatchObject({ accepted: false, status: 401 });
    const stale = { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) - 600) };
    expect(await client.ingestCallback(body, stale)).toMatchObject({ accepted: false, status: 401 });
    for (const outcome of [forged, unsigned]) {
      if (!outcome.accepted) expect(outcome.reason).not.toContain(SECRET.slice(6));
    }
    void client.close();
    void other.close();
  });

  it('without a secret, takes an unsigned callback only as a hint: the task is read from the API', async () => {
    const client = apiKeyClient(box);
    const { body } = final();
    const outcome = await client.ingestCallback(body, {});
    expect(outcome).toMatchObject({ accepted: true, verifiedBy: 'api', task: { status: 'succeeded' } });
    // A task the API does not know is refused.
    const unknown = JSON.parse(body) as Record<string, unknown>;
    unknown.id = '900000000000000001';
    expect(await client.ingestCallback(JSON.stringify(unknown), {})).toMatchObject({ accepted: false, status: 401 });
    void client.close();
  });

  it('without a secret, a forged "succeeded" for a running task neither ends the wait nor frees the slot', async () => {
    // A slow sandbox clock: the task runs for minutes, so only the forgery could end it now.
    const slow = await sandbox({ timeScale: 1 });
    const client = apiKeyClient(slow, { concurrency: 1 });
    try {
      const created = await client.create(TEXT_TO_VIDEO);
      const forged = JSON.stringify({
        id: created.task.id,
        status: 'succeeded',
        message: '',
        create_time: Date.now(),
        update_time: Date.now(),
        outputs: [{ type: 'video', id: 'v', url: 'https://attacker.example/video.mp4', duration: '3' }],
        billing: [{ charge_type: 'unit', amount: '0' }],
      });
      const outcome = await client.ingestCallback(forged, {});
      expect(outcome.accepted && outcome.task.status).not.toBe('succeeded');
      expect(outcome.accepted && JSON.stringify(outcome.task)).not.toContain('attacker.example');
      const waited = await client.wait(created.handle, { timeoutMs: 300 });
      expect(waited).toMatchObject({ done: false, reason: 'timeout' });
      expect(client.metrics().pools[0]).toMatchObject({ inFlight: 1 });
    } finally {
      await client.close();
      await slow.stop();
    }
  });
});

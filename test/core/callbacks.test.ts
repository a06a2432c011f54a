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
  it('accepts the signed deliveries, each status once', () => {
    const client = apiKeyClient(box, { webhookSecrets: [SECRET] });
    const outcomes = receiver.received.map((delivery) => client.ingestCallback(delivery.body, delivery.headers as Record<string, string>));
    expect(outcomes.every((outcome) => outcome.accepted)).toBe(true);
    const statuses = outcomes.map((outcome) => (outcome.accepted ? outcome.task.status : 'refused'));
    expect(statuses).toContain('succeeded');
    // Replayed: the same signed delivery again is recognised and not fed twice.
    const replay = client.ingestCallback(final().body, final().headers);
    expect(replay).toMatchObject({ accepted: true, duplicate: true });
    void client.close();
  });

  it('refuses a forged body, a wrong secret, a missing signature and a stale timestamp with 401', () => {
    const client = apiKeyClient(box, { webhookSecrets: [SECRET] });
    const { body, headers } = final();
    const forged = client.ingestCallback(body.replace('succeeded', 'failed'), headers);
    expect(forged).toMatchObject({ accepted: false, status: 401 });
    const unsigned = client.ingestCallback(body, { 'content-type': 'application/json' });
    expect(unsigned).toMatchObject({ accepted: false, status: 401 });
    const other = apiKeyClient(box, { webhookSecrets: ['whsec_b3RoZXJzZWNyZXRvdGhlcnNlY3JldG90aGVyc2VjcmV0'] });
    expect(other.ingestCallback(body, headers)).toMatchObject({ accepted: false, status: 401 });
    const stale = { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) - 600) };
    expect(client.ingestCallback(body, stale)).toMatchObject({ accepted: false, status: 401 });
    for (const outcome of [forged, unsigned]) {
      if (!outcome.accepted) expect(outcome.reason).not.toContain(SECRET.slice(6));
    }
    void client.close();
    void other.close();
  });

  it('accepts unsigned callbacks when no secret is configured', () => {
    const client = apiKeyClient(box);
    const { body } = final();
    expect(client.ingestCallback(body, {})).toMatchObject({ accepted: true, duplicate: false });
    void client.close();
  });
});

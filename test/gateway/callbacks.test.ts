import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../core/index.js';
import type { Sandbox } from '../../sandbox/index.js';
import { callbackReceiver } from '../core/support.js';
import {
  eventually,
  gateway,
  kling,
  legacyBody,
  newStandardBody,
  token,
  upstream,
  UPSTREAM_WEBHOOK_SECRET,
  type Json,
  type TestGateway,
} from './helpers.js';

type Receiver = Awaited<ReturnType<typeof callbackReceiver>>;

/** What a Standard Webhooks receiver with this secret accepts, parsed; throws on a bad signature. */
function verified(secret: string, delivery: Receiver['received'][number]): Json {
  return new Webhook(secret.slice('whsec_'.length)).verify(delivery.body, delivery.headers as Record<string, string>) as Json;
}

describe('gateway: callbacks', () => {
  let box: Sandbox;
  let gw: TestGateway;
  const alice = token('alice');
  const bob = token('bob');
  let receiver: Receiver;
  let flaky: Receiver;
  let flakyAnswers = 0;

  beforeAll(async () => {
    box = await upstream();
    gw = await gateway(box, [alice, bob]);
    receiver = await callbackReceiver(() => ({ status: 200 }));
    // Fails twice, then accepts: the gateway must retry.
    flaky = await callbackReceiver(() => ({ status: (flakyAnswers += 1) <= 2 ? 500 : 204 }));
  });

  afterAll(async () => {
    await gw?.close();
    await box?.stop();
    await receiver?.close();
    await flaky?.close();
  });

  it("delivers each task's callback to its client's URL once, in the client's standard, signed with that token's secret", async () => {
    const created = [
      await kling(gw.url, alice.secret, 'POST', '/text-to-video/kling-3.0-turbo', newStandardBody('cb-alice-1', receiver.url)),
      await kling(gw.url, alice.secret, 'POST', '/text-to-video/kling-3.0-turbo', newStandardBody('cb-alice-2', receiver.url)),
      await kling(gw.url, bob.secret, 'POST', '/v1/videos/text2video', legacyBody('cb-bob-1', receiver.url)),
    ];
    expect(created.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const ids = created.map((answer) => (answer.body.data.id ?? answer.body.data.task_id) as string);
    await eventually(
      async () => receiver.received.length,
      (count) => count >= 3,
      'three callbacks arrive',
    );
    // Every upstream callback has arrived and every job has run: nothing more is on its way.
    await box.callbacksIdle();
    await eventually(
      () => gw.audit(),
      (audit) => [...(audit.alice ?? []), ...(audit.bob ?? [])].filter((line) => line.event === 'callback-delivery').length >= 3,
      'deliveries audited',
    );
    expect(receiver.received).toHaveLength(3);

    const byId = new Map(
      receiver.received.map((delivery) => [String(JSON.parse(delivery.body).id ?? JSON.parse(delivery.body).task_id), delivery]),
    );
    expect([...byId.keys()].sort()).toEqual([...ids].sort());
    const aliceRecord = verified(alice.config.webhookSecret, byId.get(ids[0] as string)!);
    expect(aliceRecord).toMatchObject({ id: ids[0], status: 'succeeded', external_id: 'cb-alice-1', outputs: [{ type: 'video' }] });
    const bobDelivery = byId.get(ids[2] as string)!;
    expect(verified(bob.config.webhookSecret, bobDelivery)).toMatchObject({
      task_id: ids[2],
      task_status: 'succeed',
      task_info: { external_task_id: 'cb-bob-1' },
    });
    // Each token's secret verifies its own callbacks only.
    expect(() => verified(alice.config.webhookSecret, bobDelivery)).toThrow();
    expect(bobDelivery.headers['webhook-id']).toBe(`msg_${ids[2]}_succeeded`);
  });

  it('retries a delivery its receiver refused, with the same webhook-id, until it is accepted', async () => {
    const created = await kling(gw.url, alice.secret, 'POST', '/text-to-video/kling-3.0-turbo', newStandardBody('cb-flaky', flaky.url));
    const id = created.body.data.id as string;
    await eventually(
      async () => flaky.received.length,
      (count) => count >= 3,
      'the third attempt arrives',
    );
    const audit = await eventually(
      () => gw.audit(),
      (lines) => (lines.alice ?? []).some((line) => line.event === 'callback-delivery' && line.taskId === id && line.outcome === 'ok'),
      'the delivery is audited as ok',
    );
    expect(flaky.received).toHaveLength(3);
    expect(new Set(flaky.received.map((delivery) => delivery.headers['webhook-id']))).toEqual(new Set([`msg_${id}_succeeded`]));
    expect(verified(alice.config.webhookSecret, flaky.received[2]!)).toMatchObject({ id, status: 'succeeded' });
    const outcomes = (audit.alice ?? [])
      .filter((line) => line.event === 'callback-delivery' && line.taskId === id)
      .map((line) => line.outcome);
    expect(outcomes).toEqual(['retrying', 'retrying', 'ok']);
  });

  it('takes only callbacks Kling signed with the account secret on its public callback URL', async () => {
    const body = JSON.stringify({ id: '123456789012345678', status: 'succeeded', outputs: [] });
    const forged = await fetch(`${gw.url}/kling/callback`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': 'v1,AAAA',
      },
      body,
    });
    expect(forged.status).toBe(401);
    const unsigned = await fetch(`${gw.url}/kling/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
    // A correctly signed callback of a task nobody created through the gateway is accepted and changes nothing.
    const timestamp = Math.floor(Date.now() / 1000);
    const signed = await fetch(`${gw.url}/kling/callback`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_2',
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(UPSTREAM_WEBHOOK_SECRET, 'msg_2', timestamp, body),
      },
      body,
    });
    expect(signed.status).toBe(200);
    expect((await kling(gw.url, alice.secret, 'GET', '/tasks?task_ids=123456789012345678')).body.data).toEqual([]);
  });
});

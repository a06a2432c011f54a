import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KlingAi } from '../../nodes/KlingAi/KlingAi.node.js';
import { signCallback, type Sandbox } from '../../sandbox/index.js';
import { credentialsFor, isMp4, sandbox } from './support/fixtures.js';
import { runNode } from './support/n8n-context.js';
import { eventually, triggerReceiver } from './support/trigger-receiver.js';

const SECRET = 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0MTI=';
const OTHER_SECRET = 'whsec_b3RoZXJzZWNyZXRvdGhlcnNlY3JldG90aGVyc2VjcmV0';
const action = new KlingAi();

/** Creates a task whose callbacks go to `callbackUrl` (Generate without waiting). */
async function taskCalling(box: Sandbox, callbackUrl: string, prompt: string, credentials = credentialsFor(box)) {
  const [items] = await runNode(action, {
    parameters: {
      resource: 'video',
      operation: 'generate',
      model: 'kling-3.0-turbo',
      prompt,
      duration: 3,
      waitForCompletion: false,
      options: { callbackUrl },
    },
    credentials,
  });
  return items![0]!.json as { taskId: string; handle: string };
}

describe('Kling AI Trigger with a webhook secret (signed callbacks)', () => {
  let box: Sandbox;
  beforeAll(async () => {
    box = await sandbox({ webhookSecret: SECRET, callbackRetries: 0 });
  });
  afterAll(() => box.stop());

  it('starts the workflow once with the verified finished task and its video, and ignores repeats', async () => {
    const credentials = credentialsFor(box, { webhookSecret: SECRET });
    const receiver = await triggerReceiver({ downloadVideo: true }, credentials, 'signed-node');
    try {
      const { taskId } = await taskCalling(box, receiver.url, 'signed callbacks');
      const start = await eventually(() => receiver.starts()[0], 'the workflow start');
      await box.callbacksIdle();
      expect(receiver.deliveries.length).toBeGreaterThanOrEqual(2);
      expect(receiver.deliveries.every((delivery) => delivery.status === 200)).toBe(true);
      expect(receiver.starts()).toHaveLength(1);
      const item = start.started![0]!;
      expect(item.json).toMatchObject({ taskId, status: 'succeeded', verifiedBy: 'signature', costUnits: 2.4 });
      expect(isMp4(item.binary!.data!.data)).toBe(true);

      // Kling may deliver the same status again: answered 200, no second workflow.
      const repeat = await receiver.deliver(start.rawBody, start.headers);
      expect(repeat).toMatchObject({ status: 200, started: undefined, answer: { duplicate: true } });
    } finally {
      await receiver.close();
    }
  });

  it("ignores a signed callback replayed inside its 5-minute window, even after 10,000 other tasks' callbacks (issue 15, item 11)", async () => {
    const credentials = credentialsFor(box, { webhookSecret: SECRET });
    const receiver = await triggerReceiver({}, credentials, 'replay-node');
    try {
      const now = Math.floor(Date.now() / 1000);
      const record = (id: string, status: string) =>
        JSON.stringify({ id, status, message: '', create_time: Date.now(), update_time: Date.now(), outputs: [] });
      const captured = record('822222222222222222', 'failed');
      const headers = signCallback(SECRET, 'msg_captured', now, captured);
      expect((await receiver.deliver(Buffer.from(captured), { ...headers })).started).toHaveLength(1);
      // Enough other signed callbacks to push the captured task out of any bounded memory of task ids.
      for (let index = 0; index < 10_000; index += 1) {
        const body = record(String(830000000000000000n + BigInt(index)), 'submitted');
        await receiver.deliver(Buffer.from(body), { ...signCallback(SECRET, `msg_${index}`, now, body) });
      }
      const replay = await receiver.deliver(Buffer.from(captured), { ...headers });
      expect(replay).toMatchObject({ status: 200, started: undefined, answer: { duplicate: true } });
      expect(receiver.starts()).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('answers 401 to forged, unsigned and stale callbacks without starting the workflow', async () => {
    const credentials = credentialsFor(box, { webhookSecret: SECRET });
    const receiver = await triggerReceiver({}, credentials, 'forged-node');
    try {
      const body = JSON.stringify({
        id: '812345678901234567',
        status: 'succeeded',
        message: '',
        create_time: Date.now(),
        update_time: Date.now(),
        outputs: [],
      });
      const now = Math.floor(Date.now() / 1000);
      const forged = await receiver.deliver(Buffer.from(body), { ...signCallback(OTHER_SECRET, 'msg_1', now, body) });
      const unsigned = await receiver.deliver(Buffer.from(body), { 'content-type': 'application/json' });
      const stale = await receiver.deliver(Buffer.from(body), { ...signCallback(SECRET, 'msg_2', now - 600, body) });
      const tampered = await receiver.deliver(Buffer.from(body.replace('succeeded', 'failed')), {
        ...signCallback(SECRET, 'msg_3', now, body),
      });
      for (const delivery of [forged, unsigned, stale, tampered]) {
        expect(delivery.status).toBe(401);
        expect(delivery.started).toBeUndefined();
      }
      expect(stale.answer).toMatchObject({ error: expect.stringContaining('old') });
      expect(JSON.stringify(receiver.deliveries.map((d) => d.answer))).not.toContain(SECRET);
    } finally {
      await receiver.close();
    }
  });

  it('with "any status change" starts once per new status', async () => {
    const credentials = credentialsFor(box, { webhookSecret: SECRET });
    const receiver = await triggerReceiver({ events: ['any'] }, credentials, 'any-status-node');
    try {
      await taskCalling(box, receiver.url, 'every status');
      await eventually(() => receiver.starts().find((d) => d.started![0]!.json.status === 'succeeded'), 'the final start');
      await box.callbacksIdle();
      const statuses = receiver.starts().map((delivery) => delivery.started![0]!.json.status);
      expect(statuses).toEqual(['queued', 'running', 'succeeded']);
    } finally {
      await receiver.close();
    }
  });
});

describe('Kling AI Trigger without a webhook secret (tasks re-read from the API)', () => {
  let box: Sandbox;
  beforeAll(async () => {
    box = await sandbox({ manualClock: true, callbackRetries: 0 });
  });
  afterAll(() => box.stop());

  it('trusts the API, not the body: a forged "succeeded" for a running task does not start the workflow', async () => {
    const credentials = credentialsFor(box);
    const receiver = await triggerReceiver({}, credentials, 'unsigned-node');
    try {
      const { taskId } = await taskCalling(box, 'http://127.0.0.1:9/nowhere', 'unsigned callbacks');
      const forgedBody = JSON.stringify({
        id: taskId,
        status: 'succeeded',
        message: '',
        create_time: Date.now(),
        update_time: Date.now(),
        outputs: [{ type: 'video', id: 'v1', url: 'https://attacker.example/fake.mp4', duration: '3.0' }],
      });
      const early = await receiver.deliver(Buffer.from(forgedBody), { 'content-type': 'application/json' });
      expect(early).toMatchObject({ status: 200, started: undefined, answer: { ignored: 'queued' } });

      const unknown = await receiver.deliver(Buffer.from(forgedBody.replace(taskId, '899999999999999999')), {});
      expect(unknown).toMatchObject({ status: 401, started: undefined });

      box.advanceClock(10 * 60_000);
      const later = await receiver.deliver(Buffer.from(forgedBody), { 'content-type': 'application/json' });
      expect(later.status).toBe(200);
      expect(later.started?.[0]?.json).toMatchObject({ taskId, status: 'succeeded', verifiedBy: 'api' });
      expect(later.started?.[0]?.json.videoUrl).toContain(box.url);

      const again = await receiver.deliver(Buffer.from(forgedBody), {});
      expect(again).toMatchObject({ status: 200, started: undefined, answer: { duplicate: true } });
    } finally {
      await receiver.close();
    }
  });

  it('answers 400 to a body that is not a Kling task record', async () => {
    const receiver = await triggerReceiver({}, credentialsFor(box), 'garbage-node');
    try {
      const garbage = await receiver.deliver(Buffer.from('{"hello":"world"}'), {});
      expect(garbage).toMatchObject({ status: 400, started: undefined });
    } finally {
      await receiver.close();
    }
  });
});

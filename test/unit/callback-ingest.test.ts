import { describe, expect, it } from 'vitest';
import { createCallbackIngester, type IngestResult } from '../../core/callbacks/ingest.js';
import { signWebhook } from '../../core/callbacks/verify-signature.js';
import type { Task } from '../../core/task/types.js';
import { LEGACY_RECORD } from './callback-records.js';

const SECRET = 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0MTI=';
const OTHER_SECRET = 'whsec_b3RoZXJzZWNyZXRvdGhlcnNlY3JldG90aGVyc2VjcmV0';
const NOW_SECONDS = 1781080794;
const ID = '8651022454479134889';

const newRecord = (status: string, update_time: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: ID,
    status,
    message: '',
    create_time: 1781080778802,
    update_time,
    external_id: 'n8n-7f3a2c',
    outputs: [],
    billing: [],
    ...extra,
  });

const SUCCEEDED = newRecord('succeeded', 1781080810151, {
  outputs: [{ type: 'video', id: '865102245447913490', url: 'https://v15-kling.klingai.com/result.mp4', duration: '3.041' }],
  billing: [{ charge_type: 'unit', amount: '2.4', package_type: 'video' }],
});

function signed(body: string, secret = SECRET, timestamp = NOW_SECONDS, id = 'msg_1'): Record<string, string> {
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(secret, id, timestamp, body) };
}

function setup(secrets?: string[]) {
  const delivered: Task[] = [];
  const ingest = createCallbackIngester({ secrets, now: () => NOW_SECONDS * 1000, onTask: (task) => delivered.push(task) });
  return { ingest, delivered };
}

describe('createCallbackIngester with a webhook secret', () => {
  it('accepts a signed callback and hands the normalized task over', () => {
    const { ingest, delivered } = setup([SECRET]);
    const result = ingest(SUCCEEDED, signed(SUCCEEDED));
    const expected: Task = {
      handle: `kt1.n._.${ID}`,
      id: ID,
      externalTaskId: 'n8n-7f3a2c',
      standard: 'new',
      product: undefined,
      status: 'succeeded',
      klingStatus: 'succeeded',
      videos: [{ id: '865102245447913490', url: 'https://v15-kling.klingai.com/result.mp4', duration: 3.041 }],
      costUnits: 2.4,
      failureMessage: undefined,
      createdAt: 1781080778802,
      updatedAt: 1781080810151,
    };
    expect(result).toStrictEqual({ accepted: true, task: expected, duplicate: false, verified: true });
    expect(delivered).toStrictEqual([expected]);
  });

  it('verifies the raw bytes', () => {
    const { ingest, delivered } = setup([SECRET]);
    expect(ingest(new TextEncoder().encode(SUCCEEDED), signed(SUCCEEDED))).toMatchObject({ accepted: true, duplicate: false });
    expect(delivered).toHaveLength(1);
  });

  it('accepts a callback signed with the second configured secret', () => {
    const { ingest } = setup([OTHER_SECRET, SECRET]);
    expect(ingest(SUCCEEDED, signed(SUCCEEDED, SECRET)).accepted).toBe(true);
  });

  it('refuses unsigned, forged, stale and wrongly signed callbacks with 401', () => {
    const { ingest, delivered } = setup([SECRET]);
    const forged = SUCCEEDED.replace('"2.4"', '"0.4"');
    const results = [
      ingest(SUCCEEDED, {}),
      ingest(forged, signed(SUCCEEDED)),
      ingest(SUCCEEDED, signed(SUCCEEDED, SECRET, NOW_SECONDS - 301)),
      ingest(SUCCEEDED, signed(SUCCEEDED, OTHER_SECRET)),
    ];
    expect(results.map((result) => (result.accepted ? 'accepted' : `${result.status} ${result.reason}`))).toEqual([
      '401 signature check failed: missing webhook-id, webhook-timestamp, webhook-signature headers',
      '401 signature check failed: no matching signature',
      '401 signature check failed: webhook-timestamp is more than 300 s old',
      '401 signature check failed: no matching signature',
    ]);
    expect(delivered).toEqual([]);
  });

  it('answers a replayed callback as a duplicate and does not pass it on again', () => {
    const { ingest, delivered } = setup([SECRET]);
    const headers = signed(SUCCEEDED);
    expect(ingest(SUCCEEDED, headers)).toMatchObject({ accepted: true, duplicate: false });
    expect(ingest(SUCCEEDED, headers)).toMatchObject({ accepted: true, duplicate: true, task: { id: ID, status: 'succeeded' } });
    expect(delivered).toHaveLength(1);
  });

  it('refuses a signed body that is not a task record with 400', () => {
    const { ingest } = setup([SECRET]);
    const body = '{"hello":"world"}';
    expect(ingest(body, signed(body))).toEqual({
      accepted: false,
      status: 400,
      reason: 'callback: the body is neither a Kling task record nor an envelope holding one; expected a Kling task record as JSON',
    });
  });

  it('never puts a secret in a reason', () => {
    const secrets = [OTHER_SECRET, SECRET];
    const { ingest } = setup(secrets);
    const failures: IngestResult[] = [
      ingest(SUCCEEDED, {}),
      ingest(`${SUCCEEDED} `, signed(SUCCEEDED)),
      ingest(SUCCEEDED, signed(SUCCEEDED, 'whsec_c29tZW9uZWVsc2Vzc2VjcmV0c29tZW9uZWVsc2U=')),
      ingest(SUCCEEDED, signed(SUCCEEDED, SECRET, NOW_SECONDS + 1000)),
      ingest('nope', signed('nope')),
      ingest('{"status":"succeeded"}', signed('{"status":"succeeded"}')),
    ];
    for (const failure of failures) {
      expect(failure.accepted).toBe(false);
      const text = JSON.stringify(failure);
      for (const secret of secrets) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(secret.slice('whsec_'.length));
      }
    }
  });
});

describe('createCallbackIngester: news, repeats and replays', () => {
  let sequence = 0;
  const signedOnce = (body: string): Record<string, string> => signed(body, SECRET, NOW_SECONDS, `msg_${(sequence += 1)}`);

  it('passes on each new status once and drops stale ones', () => {
    const { ingest, delivered } = setup([SECRET]);
    const submitted = newRecord('submitted', 1781080778802);
    const processing = newRecord('processing', 1781080780000);
    const outcomes = [submitted, submitted, SUCCEEDED, processing, SUCCEEDED].map((body) => {
      const result = ingest(body, signedOnce(body));
      return result.accepted ? result.duplicate : 'refused';
    });
    expect(outcomes).toEqual([false, true, false, true, true]);
    expect(delivered.map((task) => task.status)).toEqual(['queued', 'succeeded']);
  });

  it('ignores a signed callback replayed inside its window, even after 10,000 other tasks’ callbacks', () => {
    const { ingest, delivered } = setup([SECRET]);
    const captured = signed(SUCCEEDED, SECRET, NOW_SECONDS, 'msg_captured');
    expect(ingest(SUCCEEDED, captured)).toMatchObject({ accepted: true, duplicate: false });
    for (let index = 0; index < 10_000; index += 1) {
      const body = JSON.stringify({ ...JSON.parse(SUCCEEDED), id: String(7000000000000000000n + BigInt(index)) });
      ingest(body, signedOnce(body));
    }
    expect(ingest(SUCCEEDED, captured)).toMatchObject({ accepted: true, duplicate: true });
    expect(delivered.filter((task) => task.id === ID)).toHaveLength(1);
  });

  it("accepts the console's test callback and envelope-wrapped records", () => {
    const { ingest, delivered } = setup([SECRET]);
    const test = JSON.stringify({
      id: '1234567890',
      status: 'submitted',
      outputs: [],
      message: '',
      create_time: 1781080778802,
      update_time: 1781080778802,
    });
    expect(ingest(test, signedOnce(test))).toMatchObject({
      accepted: true,
      duplicate: false,
      task: { id: '1234567890', status: 'queued' },
    });
    const wrapped = JSON.stringify({ code: 0, message: 'SUCCEED', request_id: 'r-1', data: JSON.parse(SUCCEEDED) });
    expect(ingest(wrapped, signedOnce(wrapped))).toMatchObject({ accepted: true, duplicate: false, task: { id: ID, costUnits: 2.4 } });
    expect(delivered).toHaveLength(2);
  });

  it('lets a callback through again when handing it over failed', () => {
    let failures = 1;
    const delivered: Task[] = [];
    const ingest = createCallbackIngester({
      secrets: [SECRET],
      now: () => NOW_SECONDS * 1000,
      onTask: (task) => {
        if (failures-- > 0) throw new Error('tracker not ready');
        delivered.push(task);
      },
    });
    const headers = signed(SUCCEEDED);
    expect(() => ingest(SUCCEEDED, headers)).toThrow('tracker not ready');
    expect(ingest(SUCCEEDED, headers)).toMatchObject({ accepted: true, duplicate: false });
    expect(delivered).toHaveLength(1);
  });
});

describe('createCallbackIngester without a webhook secret', () => {
  it('only parses: the callback is not verified and nothing is handed over', () => {
    const { ingest, delivered } = setup();
    expect(ingest(SUCCEEDED, {})).toMatchObject({
      accepted: true,
      duplicate: false,
      verified: false,
      task: { id: ID, status: 'succeeded' },
    });
    expect(setup([]).ingest(SUCCEEDED, {})).toMatchObject({ accepted: true, verified: false });
    expect(delivered).toHaveLength(0);
  });

  it('reads a bare legacy record with the product unknown', () => {
    const { ingest } = setup();
    const body = JSON.stringify(LEGACY_RECORD);
    expect(ingest(body, {})).toMatchObject({
      accepted: true,
      verified: false,
      task: {
        handle: 'kt1.l._.865102245447913488',
        id: '865102245447913488',
        standard: 'legacy',
        product: undefined,
        status: 'succeeded',
        costUnits: 3.5,
        externalTaskId: 'n8n-legacy-1',
        videos: [{ id: '865102245447913499', url: 'https://v15-kling.klingai.com/legacy.mp4', duration: 5.1 }],
      },
    });
  });

  it('refuses invalid JSON, bytes that are not UTF-8 and records without id with 400', () => {
    const { ingest, delivered } = setup();
    expect(ingest('{', {})).toEqual({
      accepted: false,
      status: 400,
      reason: 'callback: the body is not JSON; expected a Kling task record as JSON',
    });
    expect(ingest(Uint8Array.from([0x7b, 0xff, 0x7d]), {})).toEqual({
      accepted: false,
      status: 400,
      reason: 'callback: the body is not valid UTF-8',
    });
    expect(ingest('{"status":"succeeded"}', {})).toEqual({
      accepted: false,
      status: 400,
      reason: 'Kling returned an unexpected task record (no id)',
    });
    expect(delivered).toEqual([]);
  });
});

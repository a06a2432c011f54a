import { describe, expect, it } from 'vitest';
import { KlingError } from '../../core/errors/kling-error.js';
import { parseTaskRef } from '../../core/task/handle.js';
import {
  detectRecordShape,
  normalizeCreateReply,
  normalizeLegacyRecord,
  normalizeNewRecord,
  normalizeRecord,
} from '../../core/task/normalize.js';

const NEW_ID = '8651022454479134889';
const LEGACY_ID = '865102245447913488';

/** A finished kling-3.0-turbo 3 s 720p task as `GET /tasks` returns it (the live bill: 2.4 units). */
const NEW_SUCCEEDED = {
  id: NEW_ID,
  status: 'succeeded',
  message: '',
  create_time: 1781080778802,
  update_time: 1781080810151,
  external_id: 'n8n-7f3a2c',
  outputs: [
    {
      type: 'video',
      id: '865102245447913490',
      url: 'https://v15-kling.klingai.com/bs2/upload-ylab-stunt/se/result.mp4',
      watermark_url: 'https://v15-kling.klingai.com/bs2/upload-ylab-stunt/se/result-wm.mp4',
      duration: '3.041',
    },
    { type: 'audio', id: 'a1', mp3_url: 'https://example.com/a.mp3', mp3_duration: '3.0' },
  ],
  billing: [
    { charge_type: 'unit', amount: '2.4', package_type: 'video' },
    { charge_type: 'cash', amount: '0.336', currency: 'USD', cash_type: 'balance', list_price: '0.336' },
  ],
};

/** A legacy image2video task as `GET /v1/videos/image2video/<id>` returns it. */
const LEGACY_SUCCEEDED = {
  task_id: LEGACY_ID,
  task_status: 'succeed',
  task_status_msg: '',
  created_at: 1781080778802,
  updated_at: 1781080861000,
  final_unit_deduction: '3.5',
  final_balance_deduction: { quota: '0.49', list_price: '0.49' },
  task_info: { external_task_id: 'n8n-legacy-1' },
  task_result: {
    videos: [{ id: '865102245447913499', url: 'https://v15-kling.klingai.com/legacy/result.mp4', duration: '5.1' }],
  },
};

describe('normalizeNewRecord', () => {
  it('reads a finished new-standard record exactly', () => {
    expect(String(Number(NEW_ID))).not.toBe(NEW_ID);
    expect(normalizeNewRecord(NEW_SUCCEEDED, { product: 'text-to-video' })).toStrictEqual({
      handle: `kt1.n.t2v.${NEW_ID}`,
      id: NEW_ID,
      externalTaskId: 'n8n-7f3a2c',
      standard: 'new',
      product: 'text-to-video',
      status: 'succeeded',
      klingStatus: 'succeeded',
      videos: [
        {
          id: '865102245447913490',
          url: 'https://v15-kling.klingai.com/bs2/upload-ylab-stunt/se/result.mp4',
          duration: 3.041,
          watermarkUrl: 'https://v15-kling.klingai.com/bs2/upload-ylab-stunt/se/result-wm.mp4',
        },
      ],
      costUnits: 2.4,
      failureMessage: undefined,
      createdAt: 1781080778802,
      updatedAt: 1781080810151,
    });
  });

  it('maps the four new-standard statuses', () => {
    const statusOf = (status: string) => normalizeNewRecord({ id: NEW_ID, status }).status;
    expect(statusOf('submitted')).toBe('queued');
    expect(statusOf('processing')).toBe('running');
    expect(statusOf('succeeded')).toBe('succeeded');
    expect(statusOf('failed')).toBe('failed');
  });

  it('keeps following a task whose status word it does not know', () => {
    const task = normalizeNewRecord({ id: NEW_ID, status: 'paused' });
    expect(task.status).toBe('running');
    expect(task.klingStatus).toBe('paused');
  });

  it('reads a failed record: the reason, and no cost', () => {
    const task = normalizeNewRecord({
      id: NEW_ID,
      status: 'failed',
      message: 'Failure to pass the risk control system',
      create_time: 1781080778802,
      update_time: 1781080790000,
      outputs: [],
      billing: [],
    });
    expect(task.status).toBe('failed');
    expect(task.failureMessage).toBe('Failure to pass the risk control system');
    expect(task.costUnits).toBe(0);
    expect(task.videos).toEqual([]);
  });

  it('sums unit charges exactly and ignores cash', () => {
    const task = normalizeNewRecord({
      id: NEW_ID,
      status: 'succeeded',
      billing: [
        { charge_type: 'unit', amount: '0.1', package_type: 'video' },
        { charge_type: 'unit', amount: '0.2', package_type: 'video' },
        { charge_type: 'cash', amount: '9.99', currency: 'CNY' },
      ],
    });
    expect(task.costUnits).toBe(0.3);
  });

  it('leaves the cost unknown while nothing is billed, and a handle without product from /tasks alone', () => {
    const task = normalizeNewRecord({ id: NEW_ID, status: 'processing', message: '', outputs: [], billing: [] });
    expect(task.costUnits).toBeUndefined();
    expect(task.product).toBeUndefined();
    expect(task.handle).toBe(`kt1.n._.${NEW_ID}`);
    expect(parseTaskRef(task.handle)).toEqual({ kind: 'handle', standard: 'new', id: NEW_ID });
  });

  it('survives missing and odd fields', () => {
    const task = normalizeNewRecord({
      id: NEW_ID,
      outputs: [{ type: 'video', id: 'v1' }, { type: 'video', url: 'https://x/v.mp4', duration: 'n/a' }, null, 'video'],
      billing: 'none',
      create_time: 'yesterday',
    });
    expect(task).toMatchObject({
      status: 'running',
      klingStatus: '',
      videos: [{ id: '', url: 'https://x/v.mp4', duration: undefined }],
      costUnits: undefined,
      externalTaskId: undefined,
      createdAt: undefined,
      updatedAt: undefined,
    });
    expect(task.videos[0]).not.toHaveProperty('watermarkUrl');
  });

  it('uses a given handle as is', () => {
    expect(normalizeNewRecord(NEW_SUCCEEDED, { handle: 'kt1.l.t2v.1' }).handle).toBe('kt1.l.t2v.1');
  });

  it('refuses what is not a task record, with a server error that echoes nothing', () => {
    const cases: unknown[] = [null, 'x', [NEW_SUCCEEDED], {}, { status: 'succeeded' }, { id: '' }, { id: 'a.b' }];
    for (const record of cases) {
      const error = (() => {
        try {
          normalizeNewRecord(record);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(KlingError);
      expect((error as KlingError).kind).toBe('server');
      expect((error as KlingError).message).toMatch(/^Kling returned an unexpected task record/);
    }
  });

  it('says why an id that arrived as a JSON number cannot be trusted', () => {
    expect(() => normalizeNewRecord(JSON.parse(`{"id":${NEW_ID},"status":"submitted"}`))).toThrow(/number too large to be exact/);
    expect(normalizeNewRecord({ id: 12345, status: 'submitted' }).id).toBe('12345');
  });
});

describe('normalizeLegacyRecord', () => {
  it('reads a finished legacy record exactly', () => {
    expect(normalizeLegacyRecord(LEGACY_SUCCEEDED, { product: 'image-to-video' })).toStrictEqual({
      handle: `kt1.l.i2v.${LEGACY_ID}`,
      id: LEGACY_ID,
      externalTaskId: 'n8n-legacy-1',
      standard: 'legacy',
      product: 'image-to-video',
      status: 'succeeded',
      klingStatus: 'succeed',
      videos: [{ id: '865102245447913499', url: 'https://v15-kling.klingai.com/legacy/result.mp4', duration: 5.1 }],
      costUnits: 3.5,
      failureMessage: undefined,
      createdAt: 1781080778802,
      updatedAt: 1781080861000,
    });
  });

  it('maps the legacy statuses, including `succeed`', () => {
    const statusOf = (task_status: string) =>
      normalizeLegacyRecord({ task_id: LEGACY_ID, task_status }, { product: 'text-to-video' }).status;
    expect(statusOf('submitted')).toBe('queued');
    expect(statusOf('processing')).toBe('running');
    expect(statusOf('succeed')).toBe('succeeded');
    expect(statusOf('failed')).toBe('failed');
  });

  it('reads a failed legacy record', () => {
    const task = normalizeLegacyRecord(
      { task_id: LEGACY_ID, task_status: 'failed', task_status_msg: 'content moderation', final_unit_deduction: '' },
      { product: 'text-to-video' },
    );
    expect(task).toMatchObject({ status: 'failed', failureMessage: 'content moderation', costUnits: 0, videos: [] });
  });

  it('leaves the cost unknown while running, and the product unknown when not given', () => {
    const task = normalizeLegacyRecord({ task_id: LEGACY_ID, task_status: 'processing', task_info: {}, task_result: {} });
    expect(task).toMatchObject({ costUnits: undefined, product: undefined, handle: `kt1.l._.${LEGACY_ID}`, externalTaskId: undefined });
  });

  it('refuses a record without task_id', () => {
    expect(() => normalizeLegacyRecord({ task_status: 'succeed' }, { product: 'text-to-video' })).toThrow(
      /unexpected task record \(no task_id\)/,
    );
  });
});

describe('normalizeRecord', () => {
  it('detects the shape', () => {
    expect(detectRecordShape(NEW_SUCCEEDED)).toBe('new');
    expect(detectRecordShape(LEGACY_SUCCEEDED)).toBe('legacy');
    expect(detectRecordShape({ code: 0, data: {} })).toBeUndefined();
    expect(normalizeRecord(NEW_SUCCEEDED, {})).toMatchObject({ standard: 'new', id: NEW_ID, costUnits: 2.4 });
    expect(normalizeRecord(LEGACY_SUCCEEDED, { product: 'image-to-video' })).toMatchObject({
      standard: 'legacy',
      id: LEGACY_ID,
      costUnits: 3.5,
      handle: `kt1.l.i2v.${LEGACY_ID}`,
    });
  });
});

describe('normalizeCreateReply', () => {
  it('reads a new-standard create reply as a queued task', () => {
    const data = { id: NEW_ID, status: 'submitted', create_time: 1781080778802, update_time: 1781080778802, external_id: 'n8n-7f3a2c' };
    expect(normalizeCreateReply('new', data, { product: 'text-to-video' })).toStrictEqual({
      handle: `kt1.n.t2v.${NEW_ID}`,
      id: NEW_ID,
      externalTaskId: 'n8n-7f3a2c',
      standard: 'new',
      product: 'text-to-video',
      status: 'queued',
      klingStatus: 'submitted',
      videos: [],
      costUnits: undefined,
      failureMessage: undefined,
      createdAt: 1781080778802,
      updatedAt: 1781080778802,
    });
  });

  it('reads a legacy create reply as a queued task', () => {
    const data = {
      task_id: LEGACY_ID,
      task_status: 'submitted',
      task_info: { external_task_id: 'n8n-legacy-1' },
      created_at: 1781080778802,
      updated_at: 1781080778802,
    };
    expect(normalizeCreateReply('legacy', data, { product: 'omni-video' })).toMatchObject({
      handle: `kt1.l.omni.${LEGACY_ID}`,
      id: LEGACY_ID,
      externalTaskId: 'n8n-legacy-1',
      standard: 'legacy',
      product: 'omni-video',
      status: 'queued',
      klingStatus: 'submitted',
      createdAt: 1781080778802,
    });
  });

  it('falls back to the external id the create was sent with', () => {
    const task = normalizeCreateReply('new', { id: NEW_ID, status: 'submitted' }, { externalTaskId: 'sent-1' });
    expect(task.externalTaskId).toBe('sent-1');
  });

  it('refuses a reply without an id', () => {
    expect(() => normalizeCreateReply('new', {}, {})).toThrow(KlingError);
    expect(() => normalizeCreateReply('legacy', undefined, {})).toThrow(/not a JSON object/);
  });
});

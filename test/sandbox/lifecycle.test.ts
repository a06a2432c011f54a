import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_POLICY_MESSAGE, DEMO_API_KEY, FAILURE_MARKER, startSandbox, type Sandbox } from '../../sandbox/index.js';
import { call, textToVideo, waitFor, waitForTask, type KlingReply } from './helpers.js';

const token = DEMO_API_KEY;

describe('time-scaled lifecycles (real time)', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, timeScale: 0.005, seed: 3 });
  });
  afterAll(() => sandbox.stop());

  it('goes submitted → processing → succeeded with a video, billing and a duration a bit over the request', async () => {
    const created = await call(sandbox, '/text-to-video/kling-3.0-turbo', { token, body: textToVideo('a paper boat', { duration: 3 }) });
    expect(created.body.data.status).toBe('submitted');
    const seen = new Set<string>();
    const done = await waitFor(async () => {
      const record = (await call(sandbox, `/tasks?task_ids=${created.body.data.id}`, { token })).body.data[0];
      seen.add(record.status);
      return record.status === 'succeeded' ? record : undefined;
    }, 'the task to succeed');
    expect([...seen].every((status) => ['submitted', 'processing', 'succeeded'].includes(status))).toBe(true);
    expect(done.message).toBe('');
    expect(done.update_time).toBeGreaterThan(done.create_time);
    expect(done.billing).toEqual([{ charge_type: 'unit', amount: '2.4', package_type: 'video' }]);
    const [output] = done.outputs;
    expect(output).toMatchObject({ type: 'video', url: `${sandbox.url}/files/${output.id}.mp4` });
    expect(output.watermark_url).toBeUndefined();
    expect(Number(output.duration)).toBeGreaterThan(3);
    expect(Number(output.duration)).toBeLessThan(3.1);
    expect(output.duration).toMatch(/^3\.\d{3}$/);
  });

  it('fails a task whose prompt has the failure marker, with a content-policy message, and charges nothing', async () => {
    const before = sandbox.account()!.remainingUnits;
    const created = await call(sandbox, '/text-to-video/kling-3.0-turbo', { token, body: textToVideo(`a boat ${FAILURE_MARKER}`) });
    const failed = await waitForTask(sandbox, token, created.body.data.id, ['failed', 'succeeded']);
    expect(failed.status).toBe('failed');
    expect(failed.message).toBe(CONTENT_POLICY_MESSAGE);
    expect([failed.outputs, failed.billing]).toEqual([[], []]);
    expect(sandbox.account()!.remainingUnits).toBe(before);
    const legacy = await call(sandbox, '/v1/videos/text2video', {
      token,
      body: { model_name: 'kling-v2-6', prompt: `x ${FAILURE_MARKER}` },
    });
    const legacyDone = await waitFor(async () => {
      const data = (await call(sandbox, `/v1/videos/text2video/${legacy.body.data.task_id}`, { token })).body.data;
      return data.task_status === 'failed' ? data : undefined;
    }, 'the legacy task to fail');
    expect(legacyDone).toMatchObject({ task_status_msg: CONTENT_POLICY_MESSAGE, final_unit_deduction: '0', task_result: { videos: [] } });
  });

  it('reports legacy success as "succeed" with final_unit_deduction and the watermark URL when asked', async () => {
    const created = await call(sandbox, '/v1/videos/text2video', {
      token,
      body: { model_name: 'kling-v2-6', prompt: 'a lighthouse', duration: '10', mode: 'pro', watermark_info: { enabled: true } },
    });
    const done = await waitFor(async () => {
      const data = (await call(sandbox, `/v1/videos/text2video/${created.body.data.task_id}`, { token })).body.data;
      return data.task_status === 'succeed' ? data : undefined;
    }, 'the legacy task to succeed');
    expect(done.final_unit_deduction).toBe('5');
    const [video] = done.task_result.videos;
    expect(video.url).toBe(`${sandbox.url}/files/${video.id}.mp4`);
    expect(video.watermark_url).toBe(`${sandbox.url}/files/${video.id}-watermarked.mp4`);
    expect(Number(video.duration)).toBeGreaterThan(10);
  });

  it('extends a generated video on the legacy video-extend endpoint', async () => {
    const source = await call(sandbox, '/v1/videos/text2video', { token, body: { model_name: 'kling-v1-6', prompt: 'a kite' } });
    const sourceDone = await waitFor(async () => {
      const data = (await call(sandbox, `/v1/videos/text2video/${source.body.data.task_id}`, { token })).body.data;
      return data.task_status === 'succeed' ? data : undefined;
    }, 'the source video');
    const videoId = sourceDone.task_result.videos[0].id;
    const extended = await call(sandbox, '/v1/videos/video-extend', { token, body: { video_id: videoId, prompt: 'it flies higher' } });
    expect(extended.body.data.task_info.parent_video).toMatchObject({ id: videoId });
    const unknown = await call(sandbox, '/v1/videos/video-extend', { token, body: { video_id: '123456789012345678' } });
    expect([unknown.status, unknown.body.code]).toEqual([400, 1201]);
  });

  it('is deterministic for a seed: the same creates get the same ids and durations', async () => {
    const run = async () => {
      const own = await startSandbox({ port: 0, manualClock: true, seed: 99 });
      try {
        const created = await call(own, '/text-to-video/kling-2.6', { token, body: { prompt: 'seeded', settings: { duration: 5 } } });
        own.advanceClock(3_600_000);
        const record = (await call(own, `/tasks?task_ids=${created.body.data.id}`, { token })).body.data[0];
        return {
          id: record.id,
          video: record.outputs[0].id,
          duration: record.outputs[0].duration,
          took: record.update_time - record.create_time,
        };
      } finally {
        await own.stop();
      }
    };
    expect(await run()).toEqual(await run());
  });
});

describe('clock control', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, manualClock: true });
  });
  afterAll(() => sandbox.stop());

  it('holds tasks still on a manual clock until time is advanced', async () => {
    const created = await call(sandbox, '/text-to-video/kling-3.0', { token, body: { prompt: 'a harbour', settings: { duration: 5 } } });
    const id = created.body.data.id;
    const status = async () => (await call(sandbox, `/tasks?task_ids=${id}`, { token })).body.data[0].status;
    expect(await status()).toBe('submitted');
    // kling-3.0 takes about 90 s × the time scale (0.05) ± 20 %: 10 ms is too early, an hour is plenty.
    sandbox.advanceClock(10);
    expect(await status()).toBe('submitted');
    sandbox.advanceClock(3_600_000);
    expect(await status()).toBe('succeeded');
  });

  it('advances and scales through the control API too', async () => {
    const scaled = await fetch(`${sandbox.url}/__sandbox/clock`, { method: 'POST', body: JSON.stringify({ timeScale: 2 }) });
    expect(((await scaled.json()) as KlingReply['body']).timeScale).toBe(2);
    const created = await call(sandbox, '/text-to-video/kling-3.0-turbo', { token, body: textToVideo('slow') });
    const id = created.body.data.id;
    // kling-3.0-turbo: about 35 s × 2 = 70 s (± 20 %).
    await fetch(`${sandbox.url}/__sandbox/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 30_000 }) });
    expect((await call(sandbox, `/tasks?task_ids=${id}`, { token })).body.data[0].status).toBe('processing');
    const advanced = await fetch(`${sandbox.url}/__sandbox/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 60_000 }) });
    expect(((await advanced.json()) as KlingReply['body']).offsetMs).toBeGreaterThanOrEqual(90_000);
    expect((await call(sandbox, `/tasks?task_ids=${id}`, { token })).body.data[0].status).toBe('succeeded');
    const refused = await fetch(`${sandbox.url}/__sandbox/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: -1 }) });
    expect(refused.status).toBe(400);
  });
});

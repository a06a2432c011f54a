import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, startSandbox, TIME_SCALE_HEADER, type Sandbox } from '../../sandbox/index.js';
import { call, textToVideo } from './helpers.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, timeScale: 0.05, manualClock: true });
});
afterAll(() => sandbox?.stop());

describe(`the ${TIME_SCALE_HEADER} header`, () => {
  it('is named as the core client expects', () => {
    expect(TIME_SCALE_HEADER).toBe('x-kling-sandbox-time-scale');
  });

  it('is on every reply: successes, Kling errors, unknown routes, files and the control API', async () => {
    const created = await call(sandbox, '/text-to-video/kling-3.0-turbo', { token: DEMO_API_KEY, body: textToVideo('a clock') });
    sandbox.advanceClock(3_600_000);
    const read = await call(sandbox, `/tasks?task_ids=${created.body.data.id}`, { token: DEMO_API_KEY });
    const replies = [
      created,
      read,
      await call(sandbox, '/tasks?task_ids=1', { token: 'wrong-key' }),
      await call(sandbox, '/text-to-video/kling-3.0-turbo', { token: DEMO_API_KEY, body: { prompt: 'x', settings: { duration: 99 } } }),
      await call(sandbox, '/no/such/route', { token: DEMO_API_KEY }),
      await call(sandbox, `/klingai/tasks?task_ids=${created.body.data.id}`, { token: DEMO_API_KEY }),
      await call(sandbox, '/__sandbox/stats'),
    ];
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 401, 400, 404, 200, 200]);
    for (const reply of replies) expect(reply.headers.get(TIME_SCALE_HEADER)).toBe('0.05');
    const file = await fetch(read.body.data[0].outputs[0].url);
    expect(file.status).toBe(200);
    expect(file.headers.get(TIME_SCALE_HEADER)).toBe('0.05');
  });

  it('follows a change of the time scale', async () => {
    sandbox.setTimeScale(0.2);
    try {
      const reply = await call(sandbox, '/tasks?task_ids=1', { token: DEMO_API_KEY });
      expect(reply.headers.get(TIME_SCALE_HEADER)).toBe('0.2');
    } finally {
      sandbox.setTimeScale(0.05);
    }
  });
});

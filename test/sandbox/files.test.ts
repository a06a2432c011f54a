import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, startSandbox, type Sandbox } from '../../sandbox/index.js';
import { call, textToVideo } from './helpers.js';

const token = DEMO_API_KEY;

let sandbox: Sandbox;
let record: { outputs: { url: string; watermark_url?: string }[] };
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, manualClock: true });
  const created = await call(sandbox, '/text-to-video/kling-3.0-turbo', {
    token,
    body: textToVideo('a test pattern', { watermark: true }),
  });
  sandbox.advanceClock(3_600_000);
  record = (await call(sandbox, `/tasks?task_ids=${created.body.data.id}`, { token })).body.data[0];
});
afterAll(() => sandbox.stop());

describe('the file route', () => {
  it('serves a real MP4 at the absolute result URL', async () => {
    const url = record.outputs[0]!.url;
    expect(url.startsWith(`${sandbox.url}/`)).toBe(true);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(1000);
    expect(bytes.subarray(4, 8).toString('ascii')).toBe('ftyp');
    expect(bytes.includes(Buffer.from('avc1'))).toBe(true);
  });

  it('serves the watermarked copy, byte ranges and HEAD', async () => {
    const watermarked = await fetch(record.outputs[0]!.watermark_url!);
    expect(watermarked.status).toBe(200);
    const range = await fetch(record.outputs[0]!.url, { headers: { range: 'bytes=4-7' } });
    expect(range.status).toBe(206);
    expect(Buffer.from(await range.arrayBuffer()).toString('ascii')).toBe('ftyp');
    expect(range.headers.get('content-range')).toMatch(/^bytes 4-7\/\d+$/);
    const head = await fetch(record.outputs[0]!.url, { method: 'HEAD' });
    expect([head.status, Number(head.headers.get('content-length'))]).toEqual([200, expect.any(Number)]);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(1000);
  });

  it('has nothing for unknown files', async () => {
    expect((await fetch(`${sandbox.url}/files/123456789012345678.mp4`)).status).toBe(404);
    expect((await fetch(`${sandbox.url}/files/nothing.txt`)).status).toBe(404);
  });
});

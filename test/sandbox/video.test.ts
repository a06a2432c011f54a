import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, startSandbox, type Sandbox } from '../../sandbox/index.js';
import { call } from './helpers.js';
import { boxes, find, movieDuration } from './mp4-boxes.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, manualClock: true });
});
afterAll(() => sandbox?.stop());

/** Creates a task, lets it finish, and returns its record and the bytes of its video. */
async function finishedVideo(model: string, duration: number) {
  const created = await call(sandbox, `/text-to-video/${model}`, {
    token: DEMO_API_KEY,
    body: { prompt: `${duration} s of a test pattern`, settings: { duration } },
  });
  expect(created.body.code, JSON.stringify(created.body)).toBe(0);
  sandbox.advanceClock(3_600_000);
  const record = (await call(sandbox, `/tasks?task_ids=${created.body.data.id}`, { token: DEMO_API_KEY })).body.data[0];
  expect(record.status).toBe('succeeded');
  const response = await fetch(record.outputs[0].url);
  expect(response.status).toBe(200);
  return { record, video: Buffer.from(await response.arrayBuffer()) };
}

describe('the result video is as long as the request', () => {
  it.each([
    ['kling-2.6', 5],
    ['kling-2.6', 10],
    ['kling-3.0-turbo', 3],
    ['kling-3.0-turbo', 15],
  ])('%s, %i s: the MP4 movie header says so (within 0.1 s) and agrees with the duration Kling reports', async (model, seconds) => {
    const { record, video } = await finishedVideo(model, seconds);
    const { seconds: actual } = movieDuration(video);
    expect(Math.abs(actual - seconds)).toBeLessThan(0.1);
    expect(actual).toBeCloseTo(Number(record.outputs[0].duration), 3);
  });

  it('is still a complete H.264 MP4: ftyp, moov before mdat, an avc1 track whose samples fill mdat, starting on a key frame', async () => {
    const { video } = await finishedVideo('kling-2.6', 5);
    expect(boxes(video).map((box) => box.type)).toEqual(['ftyp', 'moov', 'mdat']);
    expect(find(video, 'ftyp').toString('latin1', 0, 4)).toBe('isom');

    const stsd = find(video, 'moov/trak/mdia/minf/stbl/stsd');
    const entry = boxes(stsd.subarray(8))[0]!;
    expect(entry.type).toBe('avc1');
    expect([entry.body.readUInt16BE(24), entry.body.readUInt16BE(26)]).toEqual([320, 180]);
    const avcC = boxes(entry.body.subarray(78)).find((box) => box.type === 'avcC')!.body;
    expect(avcC[0]).toBe(1); // configuration version
    expect(avcC[1]).toBe(66); // baseline profile

    // Track duration in its own timescale matches the movie's.
    const mdhd = find(video, 'moov/trak/mdia/mdhd');
    expect(mdhd.readUInt32BE(16) / mdhd.readUInt32BE(12)).toBeCloseTo(movieDuration(video).seconds, 3);

    // Sample sizes add up to mdat, and the chunk offset points at mdat's payload.
    const stsz = find(video, 'moov/trak/mdia/minf/stbl/stsz');
    const count = stsz.readUInt32BE(8);
    const sizes = Array.from({ length: count }, (_, index) => stsz.readUInt32BE(12 + index * 4));
    const mdat = find(video, 'mdat');
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(mdat.length);
    const offset = find(video, 'moov/trak/mdia/minf/stbl/stco').readUInt32BE(8);
    expect(video.subarray(offset, offset + 16)).toEqual(mdat.subarray(0, 16));
    expect(count).toBe(60); // 12 frames per second

    // The first sample is a length-prefixed IDR slice (NAL type 5), and it is listed as a sync sample.
    expect(mdat.readUInt32BE(0)).toBeLessThanOrEqual(sizes[0]! - 4);
    expect(mdat[4]! & 0x1f).toBe(5);
    const stss = find(video, 'moov/trak/mdia/minf/stbl/stss');
    expect(stss.readUInt32BE(8)).toBe(1);
    expect(stss.readUInt32BE(4)).toBeGreaterThan(1);

    // Where FFmpeg is installed (never needed at run time), it decodes the file to the end.
    const probe = spawnSync(
      'ffprobe',
      ['-v', 'error', '-count_frames', '-show_entries', 'stream=codec_name,nb_read_frames', '-of', 'csv=p=0', '-'],
      { input: video, encoding: 'utf8' },
    );
    if (probe.status === 0) expect(probe.stdout.trim()).toBe('h264,60');
  });

  it('the watermarked copy and a byte range come from the same file', async () => {
    const created = await call(sandbox, '/text-to-video/kling-2.6', {
      token: DEMO_API_KEY,
      body: { prompt: 'marked', settings: { duration: 10 }, options: { watermark_info: { enabled: true } } },
    });
    sandbox.advanceClock(3_600_000);
    const record = (await call(sandbox, `/tasks?task_ids=${created.body.data.id}`, { token: DEMO_API_KEY })).body.data[0];
    const plain = Buffer.from(await (await fetch(record.outputs[0].url)).arrayBuffer());
    const marked = Buffer.from(await (await fetch(record.outputs[0].watermark_url)).arrayBuffer());
    expect(movieDuration(marked).seconds).toBeCloseTo(movieDuration(plain).seconds, 3);
    const tail = await fetch(record.outputs[0].url, { headers: { range: `bytes=${plain.length - 100}-` } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(plain.subarray(plain.length - 100));
  });
});

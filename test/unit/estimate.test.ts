import { describe, expect, it } from 'vitest';
import { estimate, MODELS, USD_PER_UNIT } from '../../core/index.js';

/** Every row of the price table in shared/kling-api.md §8, at 5 s unless said otherwise. */

const FIRST = 'https://cdn.example.com/first.png';
const CLIP = 'https://cdn.example.com/clip.mp4';
const feature = { url: CLIP, refer: 'feature' } as const;
const motion = { characterImage: FIRST, motionVideo: CLIP, characterOrientation: 'video', motionVideoSeconds: 10 } as const;

/** [model, variant, resolution, request (without model and resolution), units, units per second of the row]. */
const perSecondRows: [string, string, string, Record<string, unknown>, number, number][] = [
  ['kling-3.0-turbo', 'audio always on', '720p', { prompt: 'x' }, 4, 0.8],
  ['kling-3.0-turbo', 'audio always on', '1080p', { firstFrame: FIRST }, 5, 1.0],

  ['kling-3.0', 'no audio', '720p', { prompt: 'x' }, 3, 0.6],
  ['kling-3.0', 'no audio', '1080p', { firstFrame: FIRST }, 4, 0.8],
  ['kling-3.0', 'no audio', '4k', { prompt: 'x' }, 15, 3.0],
  ['kling-3.0', 'native audio', '720p', { prompt: 'x', audio: 'native' }, 4.5, 0.9],
  ['kling-3.0', 'native audio', '1080p', { firstFrame: FIRST, audio: 'native' }, 6, 1.2],
  ['kling-3.0', 'native audio', '4k', { prompt: 'x', audio: 'native' }, 15, 3.0],
  ['kling-3.0', 'motion control', '720p', motion, 9, 0.9],
  ['kling-3.0', 'motion control', '1080p', motion, 12, 1.2],

  ['kling-3.0-omni', 'no video input, no audio', '720p', { prompt: 'x' }, 3, 0.6],
  ['kling-3.0-omni', 'no video input, no audio', '1080p', { prompt: 'x', firstFrame: FIRST }, 4, 0.8],
  ['kling-3.0-omni', 'no video input, no audio', '4k', { prompt: 'x' }, 15, 3.0],
  ['kling-3.0-omni', 'no video input, native audio', '720p', { prompt: 'x', audio: 'native' }, 4, 0.8],
  ['kling-3.0-omni', 'no video input, native audio', '1080p', { prompt: 'x', audio: 'native' }, 5, 1.0],
  ['kling-3.0-omni', 'no video input, native audio', '4k', { prompt: 'x', audio: 'native' }, 15, 3.0],
  ['kling-3.0-omni', 'with video input', '720p', { prompt: 'x', referenceVideo: feature }, 4.5, 0.9],
  ['kling-3.0-omni', 'with video input', '1080p', { prompt: 'x', referenceVideo: feature, audio: 'native' }, 6, 1.2],
  ['kling-3.0-omni', 'with video input', '4k', { prompt: 'x', referenceVideo: { url: CLIP, refer: 'base' } }, 15, 3.0],

  ['kling-o1', 'no video input', '720p', { prompt: 'x' }, 3, 0.6],
  ['kling-o1', 'no video input', '1080p', { prompt: 'x', referenceImages: [FIRST] }, 4, 0.8],
  ['kling-o1', 'with video input', '720p', { prompt: 'x', referenceVideo: feature }, 4.5, 0.9],
  ['kling-o1', 'with video input', '1080p', { prompt: 'x', referenceVideo: feature, audio: 'original' }, 6, 1.2],

  ['kling-2.6', 'no audio', '720p', { prompt: 'x' }, 1.5, 0.3],
  ['kling-2.6', 'no audio', '1080p', { firstFrame: FIRST }, 2.5, 0.5],
  ['kling-2.6', 'native audio', '1080p', { prompt: 'x', audio: 'native' }, 5, 1.0],
  ['kling-2.6', 'native audio + voice', '1080p', { firstFrame: FIRST, audio: 'native', voices: ['891495440020668439'] }, 6, 1.2],
  ['kling-2.6', 'motion control', '720p', motion, 5, 0.5],
  ['kling-2.6', 'motion control', '1080p', motion, 8, 0.8],

  ['kling-2.5-turbo', 'standard', '720p', { prompt: 'x' }, 1.5, 0.3],
  ['kling-2.5-turbo', 'standard', '1080p', { firstFrame: FIRST }, 2.5, 0.5],
];

/** [model, resolution, seconds, units per clip] of the legacy per-clip list. */
const perClipRows: [string, string, number, number][] = [
  ['kling-v1-6', '720p', 5, 2],
  ['kling-v1-6', '720p', 10, 4],
  ['kling-v1-6', '1080p', 5, 3.5],
  ['kling-v1-6', '1080p', 10, 7],
  ['kling-v2-1', '720p', 5, 2],
  ['kling-v2-1', '720p', 10, 4],
  ['kling-v2-1', '1080p', 5, 3.5],
  ['kling-v2-1', '1080p', 10, 7],
  ['kling-v2-master', '1080p', 5, 10],
  ['kling-v2-master', '1080p', 10, 20],
  ['kling-v2-1-master', '1080p', 5, 10],
  ['kling-v2-1-master', '1080p', 10, 20],
];

const usd = (units: number): number => Math.round(units * USD_PER_UNIT * 100) / 100;

describe('estimate: per-second prices (§8)', () => {
  it('tests exactly the per-second rows of the catalog', () => {
    const catalog = MODELS.flatMap((model) =>
      model.prices.flatMap((row) =>
        Object.entries(row.perSecond ?? {}).map(([resolution, price]) => `${model.id} | ${row.variant} | ${resolution} | ${price}`),
      ),
    );
    const tested = perSecondRows.map(([model, variant, resolution, , , price]) => `${model} | ${variant} | ${resolution} | ${price}`);
    expect(tested.length).toBe(new Set(tested).size);
    expect(new Set(tested)).toEqual(new Set(catalog));
  });

  it.each(perSecondRows)('%s %s at %s', (model, variant, resolution, request, units, perSecond) => {
    const result = estimate({ model, resolution, ...request });
    expect(result.units).toBe(units);
    expect(result.usd).toBe(usd(units));
    expect(result.row).toEqual({ variant, resolution, perSecond });
    expect(result.model).toBe(model);
  });

  it('scales with the requested duration', () => {
    expect(estimate({ model: 'kling-3.0', prompt: 'x', duration: 15, resolution: '1080p', audio: 'native' }).units).toBe(18);
    expect(estimate({ model: 'kling-2.6', prompt: 'x', duration: 10 }).units).toBe(3);
    expect(estimate({ model: 'kling-o1', prompt: 'x', duration: 3, referenceVideo: feature }).units).toBe(2.7);
  });
});

describe('estimate: legacy per-clip prices (§8)', () => {
  it('tests every per-clip price of the catalog (the extension row aside)', () => {
    const catalog = MODELS.flatMap((model) =>
      model.prices
        .filter((row) => !row.products.includes('video-extend'))
        .flatMap((row) =>
          Object.entries(row.perClip ?? {}).flatMap(([resolution, clips]) =>
            Object.entries(clips).map(([seconds, price]) => `${model.id} | ${resolution} | ${seconds} | ${price}`),
          ),
        ),
    );
    const tested = perClipRows.map(([model, resolution, seconds, price]) => `${model} | ${resolution} | ${seconds} | ${price}`);
    expect(new Set(tested)).toEqual(new Set(catalog));
  });

  it.each(perClipRows)('%s at %s, %i s', (model, resolution, seconds, units) => {
    const result = estimate({ model, prompt: 'x', resolution, duration: seconds });
    expect(result.units).toBe(units);
    expect(result.usd).toBe(usd(units));
    expect(result.seconds).toBe(seconds);
    expect(result.row).toEqual({ variant: 'per clip', resolution, perClip: units });
  });

  it('prices image-to-video and multi-image clips like text-to-video', () => {
    expect(estimate({ model: 'kling-v2-1', firstFrame: FIRST, duration: 10 }).units).toBe(4);
    expect(estimate({ model: 'kling-v1-6', prompt: 'x', images: [FIRST, FIRST], resolution: '1080p' }).units).toBe(3.5);
  });

  it('prices a video extension as a 5 s clip and says so', () => {
    const result = estimate({ model: 'kling-v1-6', videoId: '860211114186612811' });
    expect(result.units).toBe(2);
    expect(result.assumptions).toEqual([
      "An extension is billed like a 5 s clip in the source video's mode (3.5 units if the source was 1080p/pro).",
    ]);
  });
});

describe('estimate: the live bills (§8)', () => {
  it('kling-3.0-turbo, 3 s at 720p: 2.4 units', () => {
    const result = estimate({ model: 'kling-3.0-turbo', prompt: 'A paper boat', duration: 3, resolution: '720p' });
    expect(result).toEqual({
      model: 'kling-3.0-turbo',
      product: 'text-to-video',
      units: 2.4,
      usd: 0.34,
      seconds: 3,
      row: { variant: 'audio always on', resolution: '720p', perSecond: 0.8 },
      assumptions: [],
    });
  });

  it('kling-3.0-omni, 3 s at 720p from a first frame only: 1.8 units', () => {
    const result = estimate({ model: 'kling-3.0-omni', prompt: 'She turns', firstFrame: FIRST, duration: 3 });
    expect(result).toEqual({
      model: 'kling-3.0-omni',
      product: 'omni-video',
      units: 1.8,
      usd: 0.25,
      seconds: 3,
      row: { variant: 'no video input, no audio', resolution: '720p', perSecond: 0.6 },
      assumptions: [],
    });
  });
});

describe('estimate: motion control is billed by output length', () => {
  it('uses the motion video length when given', () => {
    const result = estimate({ model: 'kling-3.0', ...motion, motionVideoSeconds: 12, resolution: '1080p' });
    expect(result.units).toBe(14.4);
    expect(result.usd).toBe(2.02);
    expect(result.seconds).toBe(12);
    expect(result.assumptions).toEqual(['Motion control is billed by output length; the estimate uses the motion video length.']);
  });

  it('gives no figure when the length is unknown, and says why', () => {
    const result = estimate({ model: 'kling-2.6', characterImage: FIRST, motionVideo: CLIP, characterOrientation: 'image' });
    expect(result.units).toBeUndefined();
    expect(result.usd).toBeUndefined();
    expect(result.seconds).toBeUndefined();
    expect(result.row).toEqual({ variant: 'motion control', resolution: '720p', perSecond: 0.5 });
    expect(result.assumptions).toEqual([
      'Motion control is billed by output length, which follows the motion video: give motionVideoSeconds for a figure.',
    ]);
  });
});

describe('estimate: input', () => {
  it('validates first: an invalid request is refused, not priced', () => {
    expect(() => estimate({ model: 'kling-2.6', prompt: 'x', audio: 'native' })).toThrow(
      "audio: 'native' is not allowed for kling-2.6 at 720p (native audio needs resolution 1080p)",
    );
  });

  it('uses 0.14 USD per unit', () => {
    expect(USD_PER_UNIT).toBe(0.14);
    expect(estimate({ model: 'kling-3.0', prompt: 'x', resolution: '4k', duration: 10 }).usd).toBe(4.2);
  });
});

import { describe, expect, it } from 'vitest';
import { encode, standardsFor, validate, type ValidRequest } from '../../core/index.js';
import { decodeCreate } from '../../sandbox/decode/index.js';
import { KlingFailure } from '../../sandbox/http/kling-failure.js';

const image = 'https://example.com/frame.png';
const video = 'https://example.com/motion.mp4';

/** Requests across every model and product, each valid for the catalog. */
const REQUESTS: unknown[] = [
  { model: 'kling-3.0-turbo', prompt: 'a paper boat on a river', duration: 3 },
  { model: 'kling-3.0-turbo', firstFrame: image, prompt: 'it floats', resolution: '1080p', watermark: true },
  { model: 'kling-3.0', prompt: 'a lighthouse', aspectRatio: '9:16', audio: 'native', resolution: '4k', duration: 12 },
  {
    model: 'kling-3.0',
    shots: [
      { prompt: 'wide shot; the harbour', duration: 2 },
      { prompt: 'close-up of a gull', duration: 3 },
    ],
    callbackUrl: 'https://example.com/hook',
    externalTaskId: 'job-42',
  },
  {
    model: 'kling-3.0',
    firstFrame: image,
    lastFrame: image,
    elements: [{ id: 'el-1' }, { id: 'el-2' }],
    prompt: '@element_1 meets @element_2',
  },
  {
    model: 'kling-3.0',
    product: 'motion-control',
    characterImage: image,
    motionVideo: video,
    characterOrientation: 'image',
    resolution: '1080p',
  },
  {
    model: 'kling-3.0-omni',
    prompt: '@image_1 walks into @video_1',
    referenceImages: [image],
    referenceVideo: { url: video, refer: 'feature' },
    audio: 'original',
  },
  { model: 'kling-3.0-omni', prompt: 'edit @video_1: make it night', referenceVideo: { url: video, refer: 'base' }, duration: 8 },
  { model: 'kling-3.0-omni', prompt: 'a fox', firstFrame: image, lastFrame: image, audio: 'native', multiShot: true },
  { model: 'kling-o1', prompt: 'a fox in snow', firstFrame: image, duration: 10 },
  { model: 'kling-o1', prompt: '@image_1 and @image_2', referenceImages: [image, image], aspectRatio: '1:1' },
  { model: 'kling-2.6', prompt: 'rain', resolution: '1080p', audio: 'native', duration: 10 },
  {
    model: 'kling-2.6',
    firstFrame: image,
    lastFrame: image,
    resolution: '1080p',
    audio: 'native',
    voices: ['voice-a', 'voice-b'],
    prompt: '@voice_1 sings',
  },
  {
    model: 'kling-2.6',
    product: 'motion-control',
    characterImage: image,
    motionVideo: video,
    characterOrientation: 'video',
    audio: 'original',
  },
  { model: 'kling-2.5-turbo', prompt: 'a race car', negativePrompt: 'blur' },
  { model: 'kling-2.5-turbo', firstFrame: image, resolution: '1080p', duration: 10 },
  { model: 'kling-v2-1-master', prompt: 'a cathedral', duration: 10 },
  { model: 'kling-v2-1', firstFrame: image, prompt: 'it rains', resolution: '1080p' },
  { model: 'kling-v1-6', prompt: 'a kite', negativePrompt: 'text', cfgScale: 0.4, aspectRatio: '1:1' },
  { model: 'kling-v1-6', images: [image, image, image], prompt: 'a collage comes alive', resolution: '1080p' },
  { model: 'kling-v1-6', videoId: '123456789012345678', prompt: 'and then it snows' },
];

function roundTrips(): { name: string; valid: ValidRequest; standard: 'new' | 'legacy' }[] {
  return REQUESTS.flatMap((input) => {
    const valid = validate(input);
    return standardsFor(valid).map((standard) => ({ name: `${standard} ${valid.model} ${valid.product}`, valid, standard }));
  });
}

function decodeWire(valid: ValidRequest, standard: 'new' | 'legacy'): ValidRequest {
  const wire = encode(valid, standard);
  const model = standard === 'new' ? wire.path.split('/')[2] : undefined;
  return decodeCreate({ standard, product: valid.product, model, body: JSON.parse(JSON.stringify(wire.body)) });
}

describe('decode is the inverse of encode', () => {
  const cases = roundTrips();

  it('covers both standards and every product', () => {
    expect(new Set(cases.map((c) => c.standard))).toEqual(new Set(['new', 'legacy']));
    expect(new Set(cases.map((c) => c.valid.product))).toEqual(
      new Set(['text-to-video', 'image-to-video', 'omni-video', 'motion-control', 'multi-image-to-video', 'video-extend']),
    );
  });

  it.each(cases)('decode(encode(request)) equals the request: $name', ({ valid, standard }) => {
    expect(decodeWire(valid, standard)).toEqual(valid);
  });

  it('keeps element aliases on the new standard; on legacy they become element_N, with the same wire body', () => {
    const valid = validate({ model: 'kling-3.0', firstFrame: image, elements: [{ id: 'el-1', alias: 'hero' }], prompt: '@hero runs' });
    expect(decodeWire(valid, 'new')).toEqual(valid);
    const viaLegacy = decodeWire(valid, 'legacy');
    expect(viaLegacy.prompt).toBe('@element_1 runs');
    expect(encode(viaLegacy, 'legacy')).toEqual(encode(valid, 'legacy'));
  });
});

function refusal(create: Parameters<typeof decodeCreate>[0]): KlingFailure {
  try {
    decodeCreate(create);
  } catch (error) {
    if (error instanceof KlingFailure) return error;
    throw error;
  }
  throw new Error('the create was accepted');
}

describe('decode refuses what Kling refuses, naming the wire field', () => {
  const newT2v = (body: unknown, model = 'kling-2.6') => refusal({ standard: 'new', product: 'text-to-video', model, body });

  it.each(['model_name', 'negative_prompt', 'cfg_scale', 'mode', 'camera_control', 'image_tail', 'multi_prompt', 'sound'])(
    'refuses the legacy field %s on the new standard with 1201',
    (field) => {
      const failure = newT2v({ prompt: 'x', [field]: 'anything' });
      expect(failure.code).toBe(1201);
      expect(failure.message).toMatch(new RegExp(`^${field}: is not a field of the new standard`));
    },
  );

  it('names settings and options fields', () => {
    expect(newT2v({ prompt: 'x', settings: { duration: 12 } }).message).toBe(
      'settings.duration: 12 is not allowed for kling-2.6 (allowed: 5, 10)',
    );
    expect(newT2v({ prompt: 'x', settings: { duration: '5' } }).message).toMatch(/^settings\.duration: '5' is not a number/);
    expect(newT2v({ prompt: 'x', settings: { resolution: '8k' } }).message).toMatch(/^settings\.resolution: '8k' is not allowed/);
    expect(newT2v({ prompt: 'x', settings: { sound: 'on' } }).message).toMatch(/^settings\.sound: is not a field/);
    expect(newT2v({ prompt: 'x', options: { callback_url: 'ftp://x' } }).message).toMatch(/^options\.callback_url: /);
  });

  it('refuses unknown content types and misplaced inputs', () => {
    const i2v = (contents: unknown[]) => refusal({ standard: 'new', product: 'image-to-video', model: 'kling-3.0', body: { contents } });
    expect(i2v([{ type: 'frame', url: image }]).message).toMatch(/^contents\[0\]\.type: 'frame' is not an allowed type/);
    expect(i2v([{ type: 'prompt', text: 'x' }]).message).toMatch(/^contents\[first_frame\]\.url: missing/);
    expect(
      i2v([
        { type: 'first_frame', url: image },
        { type: 'refer_image', url: image },
      ]).message,
    ).toMatch(/^contents\[refer_image\]: /);
  });

  it('answers 1203 for an unknown model or a product the model has not on that standard', () => {
    expect(newT2v({ prompt: 'x' }, 'kling-9').code).toBe(1203);
    const legacyOnly = refusal({ standard: 'new', product: 'text-to-video', model: 'kling-v1-6', body: { prompt: 'x' } });
    expect(legacyOnly.code).toBe(1203);
    expect(legacyOnly.message).toMatch(/legacy/);
    const unknownName = refusal({ standard: 'legacy', product: 'text-to-video', body: { model_name: 'kling-v9', prompt: 'x' } });
    expect(unknownName.code).toBe(1203);
    expect(unknownName.message).toMatch(/^model_name: /);
    expect(refusal({ standard: 'legacy', product: 'text-to-video', body: { model_name: 'kling-v1', prompt: 'x' } }).message).toMatch(
      /discontinued/,
    );
  });

  it('checks legacy bodies in their own terms', () => {
    const legacy = (product: 'text-to-video' | 'image-to-video', body: unknown) => refusal({ standard: 'legacy', product, body });
    expect(legacy('text-to-video', { model_name: 'kling-v2-6', prompt: 'x', duration: '7' }).message).toBe(
      'duration: 7 is not allowed for kling-2.6 (allowed: 5, 10)',
    );
    expect(legacy('text-to-video', { model_name: 'kling-v2-6', prompt: 'x', mode: 'ultra' }).message).toMatch(
      /^mode: 'ultra' is not allowed/,
    );
    expect(legacy('image-to-video', { model_name: 'kling-v3', prompt: 'x' }).message).toMatch(/^image: missing/);
    expect(legacy('text-to-video', { model_name: 'kling-v2-6', prompt: 'x', contents: [] }).message).toMatch(/^contents: is not a field/);
    expect(legacy('text-to-video', { prompt: 'x' }).message).toMatch(/^model_name: missing/);
  });
});

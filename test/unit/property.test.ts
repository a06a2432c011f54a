import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encode,
  estimate,
  generationRequestSchema,
  KlingError,
  MODEL_IDS,
  MODELS,
  PRODUCTS,
  productsOf,
  standardsFor,
  validate,
  type ValidRequest,
} from '../../core/index.js';
import { base64, jpeg, png } from './images.js';

/**
 * Random requests, plausible and wrong: every one either validates — and then encodes for each
 * standard `standardsFor` names, prices, and validates again to the same result — or fails with a
 * KlingError of kind `invalid` whose message starts with the field at fault. Nothing else.
 */

const URLS = ['https://cdn.example.com/a.png', 'http://cdn.example.com/b.jpg', ' https://cdn.example.com/c.png '];
const PNG_640 = base64(png(640, 360));
const IMAGES = [
  ...URLS,
  PNG_640,
  `data:image/png;base64,${PNG_640}`,
  base64(png(300, 300)),
  base64(png(200, 200)),
  base64(png(1000, 300)),
  base64(jpeg(1920, 1080)),
  `data:image/jpeg;base64,${base64(jpeg(720, 1280))}`,
  base64(jpeg(299, 600)),
  'data:image/gif;base64,R0lGODlh',
  'ftp://cdn.example.com/a.png',
  '/home/me/frame.png',
  'C:\\frames\\a.png',
  'frame.png',
  'https://',
  '',
];
const VIDEOS = ['https://cdn.example.com/clip.mp4', 'ftp://cdn.example.com/clip.mp4', 'clip.mp4', PNG_640];

/** Mostly a plausible value, sometimes anything at all (a wrong type). */
const field = <T>(plausible: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 9, arbitrary: plausible }, { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) });

const text = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.constantFrom('@image_1 waves at @video_1', '@hero says hi to @voice_1', '   ') },
  { weight: 1, arbitrary: fc.integer({ min: 2490, max: 3100 }).map((length) => 'p'.repeat(length)) },
);
const image = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...IMAGES) }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) });

const FIELDS: Record<string, fc.Arbitrary<unknown>> = {
  prompt: field(text),
  negativePrompt: field(fc.string({ maxLength: 20 })),
  shots: field(
    fc.array(fc.record({ prompt: text, duration: fc.oneof(fc.integer({ min: 0, max: 8 }), fc.double({ min: 0, max: 8 })) }), {
      maxLength: 7,
    }),
  ),
  multiShot: field(fc.boolean()),
  firstFrame: field(image),
  lastFrame: field(image),
  referenceImages: field(fc.array(image, { maxLength: 8 })),
  referenceVideo: field(fc.record({ url: fc.constantFrom(...VIDEOS), refer: fc.constantFrom('feature', 'base', 'style') })),
  elements: field(
    fc.array(
      fc.record(
        {
          id: fc.oneof(fc.constantFrom('161', '829376081165181009', ' '), fc.string()),
          alias: fc.constantFrom('hero', 'image_1', 'two words', 'element_2'),
        },
        { requiredKeys: ['id'] },
      ),
      { maxLength: 8 },
    ),
  ),
  voices: field(fc.array(fc.constantFrom('891495440020668439', 'voice-b', ''), { maxLength: 3 })),
  images: field(fc.array(image, { maxLength: 6 })),
  characterImage: field(image),
  motionVideo: field(fc.constantFrom(...VIDEOS)),
  characterOrientation: field(fc.constantFrom('image', 'video', 'side')),
  motionVideoSeconds: field(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 40, noNaN: true }))),
  videoId: field(fc.constantFrom('860211114186612811', 'abc def', '')),
  resolution: field(fc.constantFrom('720p', '1080p', '4k', '480p')),
  duration: field(fc.oneof(fc.integer({ min: 0, max: 16 }), fc.double({ min: 0, max: 16 }))),
  audio: field(fc.constantFrom('native', 'original', 'off', 'loud')),
  aspectRatio: field(fc.constantFrom('16:9', '9:16', '1:1', '4:3')),
  cfgScale: field(fc.double({ min: -1, max: 2 })),
  watermark: field(fc.boolean()),
  callbackUrl: field(fc.oneof(fc.constantFrom('https://hooks.example.com/k', 'ftp://hooks.example.com', 'hooks.example.com'), fc.string())),
  externalTaskId: field(fc.oneof(fc.constantFrom('order-1', 'my task', 'x'.repeat(129)), fc.string({ maxLength: 10 }))),
  seed: fc.integer(), // not a field of the schema
};

/** The smallest valid inputs of each product, to which random fields are added. */
const BASE: Record<string, Record<string, unknown>> = {
  'text-to-video': { prompt: 'A fox in the snow' },
  'image-to-video': { firstFrame: 'https://cdn.example.com/a.png' },
  'omni-video': { prompt: 'A fox in the snow' },
  'motion-control': {
    characterImage: 'https://cdn.example.com/a.png',
    motionVideo: 'https://cdn.example.com/m.mp4',
    characterOrientation: 'video',
  },
  'multi-image-to-video': { prompt: 'Friends meet', images: ['https://cdn.example.com/a.png'] },
  'video-extend': { videoId: '860211114186612811' },
};
const PAIRS = MODELS.flatMap((model) => productsOf(model).map((product) => ({ model: model.id, product })));

const someFields = (maxLength: number): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .subarray(Object.keys(FIELDS), { maxLength })
    .chain((names) =>
      fc
        .tuple(...names.map((name) => FIELDS[name] as fc.Arbitrary<unknown>))
        .map((values) => Object.fromEntries(names.map((name, index) => [name, values[index]]))),
    );

/** Anything goes: a random or known model, a random product or none, a random set of fields. */
const wild = fc
  .record({
    model: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...MODEL_IDS) }, { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) }),
    product: fc.option(fc.oneof(fc.constantFrom(...PRODUCTS), fc.string({ maxLength: 12 })), { nil: undefined }),
    fields: someFields(6),
  })
  .map(({ model, product, fields }) => ({ model, ...(product === undefined ? {} : { product }), ...fields }));

/** A valid base for a catalog pair, with a few random fields on top: valid more often. */
const nearlyValid = fc
  .record({ pair: fc.constantFrom(...PAIRS), explicit: fc.boolean(), fields: someFields(3) })
  .map(({ pair, explicit, fields }) => ({
    model: pair.model,
    ...(explicit ? { product: pair.product } : {}),
    ...BASE[pair.product],
    ...fields,
  }));

const notAnObject = fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.array(fc.string(), { maxLength: 2 }));

const SCHEMA_FIELDS = Object.keys(generationRequestSchema.shape);

function expectNamedInvalid(error: unknown, input: unknown): void {
  expect(error).toBeInstanceOf(KlingError);
  const failure = error as KlingError;
  expect(failure.kind).toBe('invalid');
  expect(typeof failure.field).toBe('string');
  const name = failure.field as string;
  expect(name.length).toBeGreaterThan(0);
  expect(failure.message.startsWith(`${name}: `)).toBe(true);
  const root = name.split('.')[0] as string;
  const inputKeys = typeof input === 'object' && input !== null ? Object.keys(input) : [];
  expect([...SCHEMA_FIELDS, ...inputKeys, 'request']).toContain(root);
}

function expectCarried(valid: ValidRequest): void {
  const standards = standardsFor(valid);
  expect(standards.length).toBeGreaterThan(0);
  for (const standard of standards) {
    const wire = encode(valid, standard);
    expect(wire.standard).toBe(standard);
    expect(wire.method).toBe('POST');
    // Bodies are plain JSON: nothing undefined, no NaN, nothing lost on the way.
    expect(JSON.parse(JSON.stringify(wire.body))).toEqual(wire.body);
  }
  expect(validate(valid)).toEqual(valid);
  const price = estimate(valid);
  if (price.units !== undefined) expect(price.units).toBeGreaterThan(0);
}

describe('random requests', () => {
  it('either validate, encode on their standards and re-validate unchanged, or fail naming a field', () => {
    let validCount = 0;
    let invalidCount = 0;
    fc.assert(
      fc.property(fc.oneof(wild, nearlyValid, notAnObject), (input) => {
        let valid: ValidRequest;
        try {
          valid = validate(input);
        } catch (error) {
          expectNamedInvalid(error, input);
          invalidCount += 1;
          return;
        }
        validCount += 1;
        expectCarried(valid);
      }),
      { numRuns: 4000 },
    );
    // Both outcomes are exercised, so neither half of the property holds vacuously.
    expect(validCount).toBeGreaterThan(200);
    expect(invalidCount).toBeGreaterThan(200);
  });
});

import { z } from 'zod';
import { type GenerationRequest, MODEL_IDS, MODELS, PRODUCTS } from '../../core/index.js';
import { catalogText, catalogValues, durationBounds, modelsWhere } from './catalog-text.js';

/** Every image field takes the same forms; first_frame says them in full, the others refer to it. */
const IMAGE = 'an image as in first_frame';
const offered = <T extends string>(values: readonly T[]): [T, ...T[]] => values as unknown as [T, ...T[]];
const durations = durationBounds();
const most = (pick: Parameters<typeof catalogValues<number>>[0]): number => Math.max(0, ...catalogValues(pick));
const longestPrompt = most((spec) => [spec.promptMax]);
const mostReferenceImages = most((spec) => (spec.references ? [spec.references.maxImagesWithoutVideo] : []));
const mostElements = most((spec) => [spec.maxElements]);
const mostVoices = most((spec) => [spec.maxVoices]);
const mostImages = most((spec) => (spec.images ? [spec.images.max] : []));
const mostShots = most((spec) => (spec.multiShot ? [spec.multiShot.maxShots] : []));

/**
 * The generation inputs of the tools, snake_case as agents expect, each with the core request
 * field it fills. Enums and limits come from the model catalog; the catalog checks the rest
 * (per model) with messages that name the field and the allowed values.
 */
const FIELDS = {
  model: {
    to: 'model',
    schema: z
      .enum(offered(MODEL_IDS))
      .default(MODELS[0]?.id as string)
      .describe(
        `Kling model. Per model and product: resolutions, duration, audio (defaults: the first resolution, 5 s, audio off):\n${catalogText()}`,
      ),
  },
  product: {
    to: 'product',
    schema: z
      .enum(PRODUCTS)
      .optional()
      .describe(
        'Inferred when absent: image-to-video with first_frame, omni-video on omni models, motion-control with character_image, multi-image-to-video with images, video-extend with video_id, else text-to-video.',
      ),
  },
  prompt: {
    to: 'prompt',
    schema: z
      .string()
      .max(longestPrompt)
      .optional()
      .describe('What the video shows (required for text-to-video). Omni: refer to inputs as @image_1, @video_1, @<alias>.'),
  },
  negative_prompt: {
    to: 'negativePrompt',
    schema: z
      .string()
      .optional()
      .describe(`What to avoid (sent on the legacy standard). Models: ${modelsWhere((spec) => spec.negativePrompt === true)}.`),
  },
  first_frame: {
    to: 'firstFrame',
    schema: z
      .string()
      .optional()
      .describe(
        'Image-to-video: the first frame. Images are an http(s) URL, Base64 JPEG/PNG (≥ 300 px a side) or a local file inside KLING_IMAGE_DIRS.',
      ),
  },
  last_frame: { to: 'lastFrame', schema: z.string().optional().describe(`Image-to-video: the last frame, with first_frame; ${IMAGE}.`) },
  reference_images: {
    to: 'referenceImages',
    schema: z
      .array(z.string())
      .max(mostReferenceImages)
      .optional()
      .describe(`Omni: images referred to as @image_1, @image_2, …; each ${IMAGE}.`),
  },
  reference_video: {
    to: 'referenceVideo',
    schema: z
      .object({
        url: z.string().describe('http(s) URL of the video'),
        refer: z.enum(['feature', 'base']).describe('feature: borrow its style or motion; base: edit it'),
      })
      .strict()
      .optional()
      .describe('Omni: a video referred to as @video_1.'),
  },
  elements: {
    to: 'elements',
    schema: z
      .array(
        z
          .object({
            id: z.string().describe('element_id from the Kling console'),
            alias: z.string().optional().describe('Its @alias in the prompt'),
          })
          .strict(),
      )
      .max(mostElements)
      .optional()
      .describe(`Saved characters or objects, referred to as @alias. Models: ${modelsWhere((spec) => spec.maxElements > 0)}.`),
  },
  voices: {
    to: 'voices',
    schema: z
      .array(z.string())
      .max(mostVoices)
      .optional()
      .describe(`Voice ids (with audio native). Models: ${modelsWhere((spec) => spec.maxVoices > 0)}.`),
  },
  images: { to: 'images', schema: z.array(z.string()).max(mostImages).optional().describe(`Multi-image-to-video: each ${IMAGE}.`) },
  character_image: { to: 'characterImage', schema: z.string().optional().describe(`Motion control: the character; ${IMAGE}.`) },
  motion_video: {
    to: 'motionVideo',
    schema: z.string().optional().describe('Motion control: http(s) URL of the video whose motion is copied.'),
  },
  character_orientation: {
    to: 'characterOrientation',
    schema: z
      .enum(['image', 'video'])
      .optional()
      .describe('Motion control: orientation of the character image or of the motion video (then it may be longer).'),
  },
  motion_video_seconds: {
    to: 'motionVideoSeconds',
    schema: z.number().positive().optional().describe('Motion control: seconds of motion_video, for the price estimate.'),
  },
  video_id: { to: 'videoId', schema: z.string().optional().describe('Video extend: videos[].id of a finished task.') },
  resolution: {
    to: 'resolution',
    schema: z
      .enum(offered(catalogValues((spec) => spec.resolutions)))
      .optional()
      .describe('As the model allows (see model).'),
  },
  duration: {
    to: 'duration',
    schema: z.number().int().min(durations.min).max(durations.max).optional().describe('Whole seconds, as the model allows (see model).'),
  },
  audio: {
    to: 'audio',
    schema: z
      .enum(offered(catalogValues((spec) => spec.audio.values)))
      .optional()
      .describe("native: generated sound; original: the input video's sound; off. As the model allows (see model)."),
  },
  aspect_ratio: {
    to: 'aspectRatio',
    schema: z
      .enum(offered(catalogValues((spec) => spec.aspectRatios)))
      .optional()
      .describe('Text-to-video and omni (image-to-video follows the frame).'),
  },
  multi_shot: {
    to: 'multiShot',
    schema: z
      .boolean()
      .optional()
      .describe(`Let the model cut shots itself. Models: ${modelsWhere((spec) => spec.multiShot !== undefined)}.`),
  },
  shots: {
    to: 'shots',
    schema: z
      .array(
        z
          .object({
            prompt: z.string(),
            duration: z.number().int().min(1).max(durations.max).describe('Seconds'),
          })
          .strict(),
      )
      .max(mostShots)
      .optional()
      .describe('Storyboard: shots whose durations add up to duration (models as multi_shot).'),
  },
  cfg_scale: {
    to: 'cfgScale',
    schema: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(`How closely to follow the prompt. Models: ${modelsWhere((spec) => spec.cfgScale === true)}.`),
  },
  watermark: { to: 'watermark', schema: z.boolean().optional().describe('Also make a watermarked copy (videos[].watermark_url).') },
  external_task_id: {
    to: 'externalTaskId',
    schema: z
      .string()
      .max(128)
      .optional()
      .describe('Your unique id for the task: a second create with it is refused, so a retry never pays twice.'),
  },
} as const;

type Fields = typeof FIELDS;
export const generationInputShape = Object.fromEntries(Object.entries(FIELDS).map(([name, field]) => [name, field.schema])) as {
  [K in keyof Fields]: Fields[K]['schema'];
};
/** Strict: an unknown argument is refused (with the allowed names), never silently dropped. */
export const generationInputSchema = z.object(generationInputShape).strict();
export type GenerationInput = z.output<typeof generationInputSchema>;

/** The core request for the tool input; fields the tool added (wait, download) are left out. */
export function toGenerationRequest(input: Partial<GenerationInput>): GenerationRequest {
  const request: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(FIELDS)) {
    const value = (input as Record<string, unknown>)[name];
    if (value !== undefined) request[field.to] = value;
  }
  return request as GenerationRequest;
}

const INPUT_NAMES = new Map<string, string>(Object.entries(FIELDS).map(([name, field]) => [field.to, name]));

/** The tool's name for a core request field (`firstFrame.0` → `first_frame.0`), so errors name what the agent sent. */
export function inputNameOf(field: string): string {
  const [head, ...rest] = field.split('.');
  const name = INPUT_NAMES.get(head as string);
  return name === undefined ? field : [name, ...rest].join('.');
}

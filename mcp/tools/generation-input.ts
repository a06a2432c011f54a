import { z } from 'zod';
import { MODEL_IDS, MODELS, PRODUCTS, type GenerationRequest } from '../../core/index.js';
import { catalogText, catalogValues, durationBounds, modelsWhere } from './catalog-text.js';

const IMAGE = 'an http(s) URL, Base64 JPEG/PNG (≥ 300 px a side), or the path of a local file inside the allowed image directories (KLING_IMAGE_DIRS)';
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
      .describe(`Kling model id. Models (product: resolutions, duration, audio):\n${catalogText()}`),
  },
  product: {
    to: 'product',
    schema: z
      .enum(PRODUCTS)
      .optional()
      .describe(
        'What to make. Inferred when absent: image-to-video when first_frame is given, omni-video for omni models, motion-control with character_image + motion_video, multi-image-to-video with images, video-extend with video_id, else text-to-video.',
      ),
  },
  prompt: {
    to: 'prompt',
    schema: z
      .string()
      .max(longestPrompt)
      .optional()
      .describe('What the video shows (required for text-to-video). Omni models refer to inputs as @image_1, @video_1, @<element alias>.'),
  },
  negative_prompt: {
    to: 'negativePrompt',
    schema: z.string().optional().describe(`What to avoid (sent on the legacy standard). Models: ${modelsWhere((spec) => spec.negativePrompt === true)}.`),
  },
  first_frame: { to: 'firstFrame', schema: z.string().optional().describe(`Image-to-video: the first frame; ${IMAGE}.`) },
  last_frame: { to: 'lastFrame', schema: z.string().optional().describe(`Image-to-video: the last frame (with first_frame, where the model allows); ${IMAGE}.`) },
  reference_images: {
    to: 'referenceImages',
    schema: z.array(z.string()).max(mostReferenceImages).optional().describe(`Omni: reference images, referred to as @image_1, @image_2, … in the prompt; each ${IMAGE}.`),
  },
  reference_video: {
    to: 'referenceVideo',
    schema: z
      .object({
        url: z.string().describe('http(s) URL of the video'),
        refer: z.enum(['feature', 'base']).describe('feature: borrow its style or motion; base: edit this video'),
      })
      .strict()
      .optional()
      .describe('Omni: one reference video, referred to as @video_1 in the prompt.'),
  },
  elements: {
    to: 'elements',
    schema: z
      .array(
        z
          .object({
            id: z.string().describe('element_id from the Kling console'),
            alias: z.string().optional().describe('Name used as @alias in the prompt'),
          })
          .strict(),
      )
      .max(mostElements)
      .optional()
      .describe(`Elements (saved characters or objects), referred to as @alias in the prompt. Models: ${modelsWhere((spec) => spec.maxElements > 0)}.`),
  },
  voices: { to: 'voices', schema: z.array(z.string()).max(mostVoices).optional().describe(`Voice ids (need audio "native"). Models: ${modelsWhere((spec) => spec.maxVoices > 0)}.`) },
  images: { to: 'images', schema: z.array(z.string()).max(mostImages).optional().describe(`Multi-image to video: up to ${mostImages} images; each ${IMAGE}.`) },
  character_image: { to: 'characterImage', schema: z.string().optional().describe(`Motion control: the character; ${IMAGE}.`) },
  motion_video: { to: 'motionVideo', schema: z.string().optional().describe('Motion control: http(s) URL of the video whose motion is copied.') },
  character_orientation: {
    to: 'characterOrientation',
    schema: z.enum(['image', 'video']).optional().describe('Motion control: follow the orientation of the character image, or of the motion video (which then may be longer).'),
  },
  motion_video_seconds: {
    to: 'motionVideoSeconds',
    schema: z.number().positive().optional().describe('Motion control: length of motion_video in seconds, for the price estimate (billed by output length).'),
  },
  video_id: { to: 'videoId', schema: z.string().optional().describe('Video extend: the id of a generated video (videos[].id of a finished task).') },
  resolution: {
    to: 'resolution',
    schema: z.enum(offered(catalogValues((spec) => spec.resolutions))).optional().describe('Output resolution, as the model allows (see model); the model default when absent.'),
  },
  duration: {
    to: 'duration',
    schema: z.number().int().min(durations.min).max(durations.max).optional().describe('Length in whole seconds, as the model allows (see model); the model default when absent.'),
  },
  audio: {
    to: 'audio',
    schema: z
      .enum(offered(catalogValues((spec) => spec.audio.values)))
      .optional()
      .describe('native: generate sound; original: keep the input video\'s sound; off: silent. As the model allows (see model).'),
  },
  aspect_ratio: {
    to: 'aspectRatio',
    schema: z.enum(offered(catalogValues((spec) => spec.aspectRatios))).optional().describe('Frame shape for text-to-video and omni (image-to-video follows the frame).'),
  },
  multi_shot: { to: 'multiShot', schema: z.boolean().optional().describe(`Let the model cut the video into shots by itself. Models: ${modelsWhere((spec) => spec.multiShot !== undefined)}.`) },
  shots: {
    to: 'shots',
    schema: z
      .array(
        z
          .object({
            prompt: z.string().describe('What this shot shows'),
            duration: z.number().int().min(1).describe('Whole seconds'),
          })
          .strict(),
      )
      .max(mostShots)
      .optional()
      .describe(`Multi-shot storyboard: up to ${mostShots} shots whose durations add up to duration. Models: ${modelsWhere((spec) => spec.multiShot !== undefined)}.`),
  },
  cfg_scale: { to: 'cfgScale', schema: z.number().min(0).max(1).optional().describe(`0–1: how closely to follow the prompt. Models: ${modelsWhere((spec) => spec.cfgScale === true)}.`) },
  watermark: { to: 'watermark', schema: z.boolean().optional().describe('Also produce a watermarked copy (videos[].watermark_url).') },
  external_task_id: {
    to: 'externalTaskId',
    schema: z.string().max(128).optional().describe('Your own unique id for the task: a second create with the same id is refused, so a retry can never pay twice.'),
  },
} as const;

type Fields = typeof FIELDS;
export const generationInputShape = Object.fromEntries(Object.entries(FIELDS).map(([name, field]) => [name, field.schema])) as {
  [K in keyof Fields]: Fields[K]['schema'];
};
export const generationInputSchema = z.object(generationInputShape);
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

import { z } from 'zod/v4';
import { PRODUCTS } from '../catalog/types.js';

/**
 * One normalized, surface-neutral request for a video. Surfaces build it; the catalog checks it
 * (see `validate`); encoders turn it into either standard's wire body. Values are loosely typed
 * here on purpose: `validate` answers with messages that name the model's allowed values.
 */
export const generationRequestSchema = z
  .object({
    model: z.string().describe('Model id from the catalog, e.g. kling-3.0-turbo'),
    product: z.enum(PRODUCTS).optional().describe('What to make; inferred from the inputs when absent'),
    prompt: z.string().optional().describe('What the video shows'),
    negativePrompt: z.string().optional().describe('What to avoid (legacy standard only)'),
    shots: z
      .array(z.object({ prompt: z.string(), duration: z.number() }).strict())
      .optional()
      .describe('Multi-shot: each shot with its prompt and whole seconds; lengths add up to the duration'),
    multiShot: z.boolean().optional().describe('Let the model cut the video into shots by itself'),
    firstFrame: z.string().optional().describe('First frame: an http(s) URL or Base64 JPEG/PNG'),
    lastFrame: z.string().optional().describe('Last frame: an http(s) URL or Base64 JPEG/PNG'),
    referenceImages: z.array(z.string()).optional().describe('Omni: reference images, referred to as @image_1, @image_2, … in the prompt'),
    referenceVideo: z
      .object({ url: z.string(), refer: z.enum(['feature', 'base']) })
      .strict()
      .optional()
      .describe('Omni: a reference video (feature: borrow style/motion; base: edit it), referred to as @video_1'),
    elements: z
      .array(z.object({ id: z.string(), alias: z.string().optional() }).strict())
      .optional()
      .describe('Element ids, referred to as @alias in the prompt'),
    voices: z.array(z.string()).optional().describe('Voice ids (need native audio)'),
    images: z.array(z.string()).optional().describe('Multi-image to video: 1 to 4 images'),
    characterImage: z.string().optional().describe('Motion control: the character image'),
    motionVideo: z.string().optional().describe('Motion control: the video whose motion is copied (http(s) URL)'),
    characterOrientation: z.enum(['image', 'video']).optional().describe('Motion control: follow the image or the video orientation'),
    motionVideoSeconds: z.number().optional().describe('Motion control: length of the motion video, for the estimate'),
    videoId: z.string().optional().describe('Video extend: the id of a generated video'),
    resolution: z.string().optional().describe('720p, 1080p or 4k, as the model allows'),
    duration: z.number().optional().describe('Seconds, as the model allows'),
    audio: z.string().optional().describe('native, original or off, as the model allows'),
    aspectRatio: z.string().optional().describe('16:9, 9:16 or 1:1 (text-to-video and omni)'),
    cfgScale: z.number().optional().describe('0 to 1: how closely to follow the prompt (older legacy models)'),
    watermark: z.boolean().optional().describe('Also produce a watermarked copy'),
    callbackUrl: z.string().optional().describe('http(s) URL Kling calls on every status change'),
    externalTaskId: z.string().optional().describe('Your own unique id for the task (idempotency key)'),
  })
  .strict();

export type GenerationRequest = z.infer<typeof generationRequestSchema>;

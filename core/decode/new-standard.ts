import { z } from 'zod/v4';
import { findModel, offers } from '../catalog/index.js';
import type { Product } from '../catalog/types.js';
import { KlingError } from '../errors/kling-error.js';
import { compact } from '../encode/wire.js';
import type { GenerationRequest } from '../request/schema.js';
import { notFound, parseWire, present } from './wire-issue.js';
import { parseShotsPrompt } from './shots.js';

const WHERE = 'the new standard';

const settingsSchema = z
  .object({
    resolution: z.string().optional(),
    aspect_ratio: z.string().optional(),
    duration: z.number().optional(),
    audio: z.string().optional(),
    multi_shot: z.boolean().optional(),
    character_orientation: z.string().optional(),
  })
  .strict();

const optionsSchema = z
  .object({
    callback_url: z.string().optional(),
    external_task_id: z.string().optional(),
    watermark_info: z.object({ enabled: z.boolean().optional() }).strict().optional(),
  })
  .strict();

const url = z.string();
const contentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('prompt'), text: z.string() }).strict(),
  z.object({ type: z.literal('first_frame'), url }).strict(),
  z.object({ type: z.literal('last_frame'), url }).strict(),
  z.object({ type: z.literal('refer_image'), url, id: z.string().optional() }).strict(),
  z.object({ type: z.literal('feature_video'), url, id: z.string().optional() }).strict(),
  z.object({ type: z.literal('base_video'), url, id: z.string().optional() }).strict(),
  z.object({ type: z.literal('element'), element_id: z.string(), id: z.string().optional() }).strict(),
  z.object({ type: z.literal('voice'), voice_id: z.string(), id: z.string().optional() }).strict(),
  z.object({ type: z.literal('image'), url }).strict(),
  z.object({ type: z.literal('video'), url }).strict(),
]);
type Content = z.infer<typeof contentSchema>;

const textBodySchema = z.object({ prompt: z.string(), settings: settingsSchema.optional(), options: optionsSchema.optional() }).strict();
const contentsBodySchema = z
  .object({ contents: z.array(contentSchema).min(1), settings: settingsSchema.optional(), options: optionsSchema.optional() })
  .strict();

/** Fields people bring from the legacy standard, and where the new standard wants them instead. */
const LEGACY_FIELD_HINTS: Record<string, string> = {
  model_name: 'the model is in the path',
  negative_prompt: 'legacy /v1/videos/ endpoints only',
  cfg_scale: 'legacy /v1/videos/ endpoints only',
  mode: 'use settings.resolution',
  camera_control: 'legacy /v1/videos/ endpoints only',
  image: "use a contents item of type 'first_frame'",
  image_tail: "use a contents item of type 'last_frame'",
  image_url: "use a contents item of type 'image'",
  video_url: "use a contents item of type 'video'",
  image_list: "use contents items of type 'refer_image'",
  video_list: "use a contents item of type 'feature_video' or 'base_video'",
  element_list: "use contents items of type 'element'",
  voice_list: "use contents items of type 'voice'",
  static_mask: 'legacy /v1/videos/ endpoints only',
  dynamic_masks: 'legacy /v1/videos/ endpoints only',
  multi_prompt: "write the shots in the prompt: 'shot 1, 2, words; shot 2, 3, words;'",
  shot_type: 'legacy /v1/videos/ endpoints only',
  sound: 'use settings.audio',
  duration: 'use settings.duration',
  resolution: 'use settings.resolution',
  aspect_ratio: 'use settings.aspect_ratio',
  audio: 'use settings.audio',
  multi_shot: 'use settings.multi_shot',
  character_orientation: 'use settings.character_orientation',
  keep_original_sound: 'use settings.audio',
  callback_url: 'use options.callback_url',
  external_task_id: 'use options.external_task_id',
  watermark_info: 'use options.watermark_info',
};

/**
 * The inverse of `encodeNewStandard`: a new-standard create (`POST /<product>/<model>` and its
 * body) back into a GenerationRequest. Refuses what the new standard does not have, naming the
 * wire field; the catalog's `validate` then checks the values.
 */
export function decodeNewStandard(product: Product, modelId: string, body: unknown): GenerationRequest {
  const model = findModel(modelId);
  if (!model) throw notFound('model', `'${modelId}' does not exist (the model in the path is unknown)`);
  if (!offers(model, product, 'new')) {
    const legacy = model.products[product] ? ` (${model.id} ${product} exists on the legacy /v1/videos/ endpoints only)` : '';
    throw notFound('model', `${model.id} has no ${product} endpoint on the new standard${legacy}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw KlingError.invalid('body', 'must be a JSON object');
  for (const key of Object.keys(body)) {
    const hint = LEGACY_FIELD_HINTS[key];
    if (hint) throw KlingError.invalid(key, `is not a field of the new standard (${hint})`);
  }

  const request: GenerationRequest = { model: model.id, product };
  let settings: z.infer<typeof settingsSchema> | undefined;
  let options: z.infer<typeof optionsSchema> | undefined;
  if (product === 'text-to-video') {
    const parsed = parseWire(textBodySchema, body, WHERE);
    request.prompt = parsed.prompt;
    ({ settings, options } = parsed);
  } else {
    const parsed = parseWire(contentsBodySchema, body, WHERE);
    readContents(parsed.contents, request);
    ({ settings, options } = parsed);
  }

  if (settings) {
    request.resolution = settings.resolution;
    request.aspectRatio = settings.aspect_ratio;
    request.duration = settings.duration;
    request.audio = settings.audio;
    request.multiShot = settings.multi_shot;
    request.characterOrientation = settings.character_orientation as GenerationRequest['characterOrientation'];
  }
  if (options) {
    request.callbackUrl = present(options.callback_url);
    request.externalTaskId = present(options.external_task_id);
    request.watermark = options.watermark_info?.enabled;
  }
  if (request.multiShot === true && request.prompt !== undefined) {
    const shots = parseShotsPrompt(request.prompt);
    if (shots) {
      request.shots = shots;
      delete request.prompt;
      delete request.multiShot;
    }
  }
  return compact(request);
}

function readContents(contents: Content[], request: GenerationRequest): void {
  const once = (field: keyof GenerationRequest, type: string): void => {
    if (request[field] !== undefined) throw KlingError.invalid('contents', `more than one item of type '${type}'`);
  };
  contents.forEach((item, index) => {
    switch (item.type) {
      case 'prompt':
        once('prompt', item.type);
        request.prompt = item.text;
        break;
      case 'first_frame':
        once('firstFrame', item.type);
        request.firstFrame = item.url;
        break;
      case 'last_frame':
        once('lastFrame', item.type);
        request.lastFrame = item.url;
        break;
      case 'refer_image':
        (request.referenceImages ??= []).push(item.url);
        break;
      case 'feature_video':
      case 'base_video':
        if (request.referenceVideo) throw KlingError.invalid('contents', 'more than one reference video (allowed: one)');
        request.referenceVideo = { url: item.url, refer: item.type === 'base_video' ? 'base' : 'feature' };
        break;
      case 'element': {
        const elements = (request.elements ??= []);
        // The encoder names unnamed elements element_N: that is no alias of the caller's.
        const alias = item.id === undefined || item.id === `element_${elements.length + 1}` ? undefined : item.id;
        elements.push(alias === undefined ? { id: item.element_id } : { id: item.element_id, alias });
        break;
      }
      case 'voice':
        (request.voices ??= []).push(item.voice_id);
        break;
      case 'image':
        once('characterImage', item.type);
        request.characterImage = item.url;
        break;
      case 'video':
        once('motionVideo', item.type);
        request.motionVideo = item.url;
        break;
      default:
        throw KlingError.invalid(`contents[${index}].type`, 'is not an allowed type');
    }
  });
}

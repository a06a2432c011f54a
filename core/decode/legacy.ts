import { z } from 'zod/v4';
import { findModelByLegacyName, LEGACY_PRODUCT_PATHS, MODELS, offers } from '../catalog/index.js';
import type { ModelSpec, Product, Resolution } from '../catalog/types.js';
import { KlingError } from '../errors/kling-error.js';
import type { GenerationRequest } from '../request/schema.js';
import { compact } from '../encode/wire.js';
import { notFound, parseWire, present } from './wire-issue.js';

const WHERE = 'this legacy endpoint';
const DISCONTINUED = ['kling-v1'];

const text = z.string();
const legacySchema = z
  .object({
    model_name: text,
    prompt: text,
    negative_prompt: text,
    cfg_scale: z.number(),
    mode: text,
    sound: text,
    aspect_ratio: text,
    duration: z.union([z.string(), z.number()]),
    image: text,
    image_tail: text,
    image_url: text,
    video_url: text,
    video_id: text,
    character_orientation: text,
    keep_original_sound: text,
    multi_shot: z.boolean(),
    shot_type: text,
    multi_prompt: z.array(z.object({ index: z.number(), prompt: text, duration: z.union([z.string(), z.number()]) }).strict()),
    voice_list: z.array(z.object({ voice_id: text }).strict()),
    element_list: z.array(z.object({ element_id: text }).strict()),
    image_list: z.array(z.object({ image: text.optional(), image_url: text.optional(), type: text.optional() }).strict()),
    video_list: z.array(
      z.object({ video_url: text, refer_type: z.enum(['feature', 'base']).optional(), keep_original_sound: text.optional() }).strict(),
    ),
    // Accepted for the older models and not simulated: the sandbox renders the same test pattern.
    camera_control: z.unknown(),
    static_mask: z.unknown(),
    dynamic_masks: z.unknown(),
    callback_url: text,
    external_task_id: text,
    watermark_info: z.object({ enabled: z.boolean().optional() }).strict(),
  })
  .partial();
type LegacyBody = z.infer<typeof legacySchema>;
type LegacyField = keyof LegacyBody;

const COMMON: LegacyField[] = ['callback_url', 'external_task_id', 'watermark_info'];
const SHOTS: LegacyField[] = ['multi_shot', 'shot_type', 'multi_prompt'];

/** The body fields each legacy product accepts (shared/kling-api.md §3, "Legacy video bodies"). */
const FIELDS: Record<Product, LegacyField[]> = {
  'text-to-video': [
    'model_name',
    'prompt',
    'negative_prompt',
    'cfg_scale',
    'mode',
    'sound',
    'aspect_ratio',
    'duration',
    'camera_control',
    ...SHOTS,
    ...COMMON,
  ],
  'image-to-video': [
    'model_name',
    'prompt',
    'negative_prompt',
    'cfg_scale',
    'mode',
    'sound',
    'duration',
    'image',
    'image_tail',
    'voice_list',
    'element_list',
    'camera_control',
    'static_mask',
    'dynamic_masks',
    ...SHOTS,
    ...COMMON,
  ],
  'omni-video': [
    'model_name',
    'prompt',
    'image_list',
    'video_list',
    'element_list',
    'sound',
    'mode',
    'aspect_ratio',
    'duration',
    ...SHOTS,
    ...COMMON,
  ],
  'motion-control': ['model_name', 'prompt', 'image_url', 'video_url', 'character_orientation', 'mode', 'keep_original_sound', ...COMMON],
  'multi-image-to-video': ['model_name', 'prompt', 'negative_prompt', 'image_list', 'mode', 'duration', 'aspect_ratio', ...COMMON],
  'video-extend': ['video_id', 'prompt', 'negative_prompt', 'cfg_scale', ...COMMON],
};

/**
 * The inverse of `encodeLegacy`: a legacy create (`POST /v1/videos/<product>` and its flat body)
 * back into a GenerationRequest. The catalog's `validate` then checks the values.
 */
export function decodeLegacy(product: Product, body: unknown): GenerationRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw KlingError.invalid('body', 'must be a JSON object');
  const allowed = new Set<string>(FIELDS[product]);
  const unknown = Object.keys(body).filter((key) => !allowed.has(key));
  if (unknown.length > 0) throw KlingError.invalid(unknown.join(', '), `is not a field of /v1/videos/${LEGACY_PRODUCT_PATHS[product]}`);
  const wire = parseWire(legacySchema, body, WHERE);
  const model = legacyModel(product, wire.model_name);

  const request: GenerationRequest = {
    model: model.id,
    product,
    prompt: wire.prompt === undefined ? undefined : atReferences(wire.prompt),
    negativePrompt: wire.negative_prompt,
    cfgScale: wire.cfg_scale,
    resolution: resolutionOf(model, wire.mode),
    aspectRatio: wire.aspect_ratio,
    duration: durationOf(wire.duration, 'duration'),
    callbackUrl: present(wire.callback_url),
    externalTaskId: present(wire.external_task_id),
    watermark: wire.watermark_info?.enabled,
  };
  readShots(wire, request);
  readAudio(product, wire, request);

  switch (product) {
    case 'image-to-video':
      request.firstFrame = wire.image;
      request.lastFrame = wire.image_tail;
      request.voices = wire.voice_list?.map((voice) => voice.voice_id);
      request.elements = wire.element_list?.map((element) => ({ id: element.element_id }));
      break;
    case 'omni-video':
      readOmni(wire, request);
      break;
    case 'motion-control':
      request.characterImage = wire.image_url;
      request.motionVideo = wire.video_url;
      request.characterOrientation = wire.character_orientation as GenerationRequest['characterOrientation'];
      break;
    case 'multi-image-to-video':
      request.images = wire.image_list?.map((item, index) => {
        if (item.image === undefined || item.image_url !== undefined || item.type !== undefined) {
          throw KlingError.invalid(`image_list[${index}]`, 'must be {"image": "<url or Base64>"}');
        }
        return item.image;
      });
      break;
    case 'video-extend':
      request.videoId = wire.video_id;
      break;
    default:
      break;
  }
  return compact(request);
}

function legacyModel(product: Product, name: string | undefined): ModelSpec {
  const offering = MODELS.filter((model) => model.legacyName && offers(model, product, 'legacy'));
  if (product === 'video-extend') return offering[0] as ModelSpec;
  const allowed = offering.map((model) => model.legacyName).join(', ');
  if (name === undefined || name === '') {
    throw KlingError.invalid('model_name', `missing (the legacy default kling-v1 is discontinued; allowed: ${allowed})`);
  }
  if (DISCONTINUED.includes(name)) throw notFound('model_name', `'${name}' is discontinued (allowed: ${allowed})`);
  const model = findModelByLegacyName(name);
  if (!model) throw notFound('model_name', `'${name}' does not exist (allowed: ${allowed})`);
  if (!offers(model, product, 'legacy')) {
    throw KlingError.invalid('model_name', `'${name}' is not offered on /v1/videos/${LEGACY_PRODUCT_PATHS[product]} (allowed: ${allowed})`);
  }
  return model;
}

function resolutionOf(model: ModelSpec, mode: string | undefined): Resolution | undefined {
  if (mode === undefined) return undefined;
  const modes = Object.entries(model.legacyModes ?? {}) as [Resolution, string][];
  if (modes.length === 0) throw KlingError.invalid('mode', `not accepted by ${model.legacyName} (it has one quality level)`);
  const found = modes.find(([, value]) => value === mode);
  if (!found)
    throw KlingError.invalid(
      'mode',
      `'${mode}' is not allowed for ${model.legacyName} (allowed: ${modes.map(([, value]) => value).join(', ')})`,
    );
  return found[0];
}

function durationOf(value: string | number | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  if (!/^\d+(\.\d+)?$/.test(value.trim())) throw KlingError.invalid(field, `'${value}' is not a number of seconds`);
  return Number(value);
}

function readShots(wire: LegacyBody, request: GenerationRequest): void {
  if (wire.multi_prompt !== undefined) {
    if (wire.multi_shot !== true) throw KlingError.invalid('multi_prompt', 'needs multi_shot: true');
    if (wire.shot_type !== undefined && wire.shot_type !== 'customize') {
      throw KlingError.invalid('shot_type', `'${wire.shot_type}' cannot be combined with multi_prompt (allowed: customize)`);
    }
    request.shots = [...wire.multi_prompt]
      .sort((a, b) => a.index - b.index)
      .map((shot, index) => ({
        prompt: atReferences(shot.prompt),
        duration: durationOf(shot.duration, `multi_prompt[${index}].duration`) as number,
      }));
    return;
  }
  if (wire.shot_type === 'customize') throw KlingError.invalid('multi_prompt', "missing (shot_type 'customize' needs multi_prompt)");
  request.multiShot = wire.multi_shot;
}

/** `sound` on|off and `keep_original_sound` yes|no become the request's single audio mode. */
function readAudio(product: Product, wire: LegacyBody, request: GenerationRequest): void {
  const yesNo = (value: string | undefined, field: string): boolean | undefined => {
    if (value === undefined) return undefined;
    if (value !== 'yes' && value !== 'no') throw KlingError.invalid(field, `'${value}' is not allowed (allowed: yes, no)`);
    return value === 'yes';
  };
  if (wire.sound !== undefined && wire.sound !== 'on' && wire.sound !== 'off') {
    throw KlingError.invalid('sound', `'${wire.sound}' is not allowed (allowed: on, off)`);
  }
  const keep =
    product === 'omni-video'
      ? wire.video_list?.some((video, index) => yesNo(video.keep_original_sound, `video_list[${index}].keep_original_sound`))
      : yesNo(wire.keep_original_sound, 'keep_original_sound');
  if (wire.sound === 'on') request.audio = 'native';
  else if (keep) request.audio = 'original';
  else if (wire.sound === 'off' || keep === false) request.audio = 'off';
}

const LEGACY_REFERENCE = /<<<((?:image|video|voice|element)_\d+)>>>/g;

/** The legacy `<<<image_1>>>` references back in the new standard's `@image_1` spelling. */
function atReferences(text: string): string {
  return text.replace(LEGACY_REFERENCE, '@$1');
}

function readOmni(wire: LegacyBody, request: GenerationRequest): void {
  wire.image_list?.forEach((item, index) => {
    if (item.image_url === undefined || item.image !== undefined) {
      throw KlingError.invalid(`image_list[${index}]`, 'must be {"image_url": "<url or Base64>", "type"?: "first_frame" | "end_frame"}');
    }
    if (item.type === 'first_frame') request.firstFrame = item.image_url;
    else if (item.type === 'end_frame') request.lastFrame = item.image_url;
    else if (item.type === undefined) (request.referenceImages ??= []).push(item.image_url);
    else throw KlingError.invalid(`image_list[${index}].type`, `'${item.type}' is not allowed (allowed: first_frame, end_frame)`);
  });
  if (wire.video_list !== undefined) {
    if (wire.video_list.length > 1)
      throw KlingError.invalid('video_list', `${wire.video_list.length} videos is more than allowed (allowed: 1)`);
    const video = wire.video_list[0];
    if (video) request.referenceVideo = { url: video.video_url, refer: video.refer_type ?? 'feature' };
  }
  request.elements = wire.element_list?.map((element) => ({ id: element.element_id }));
}

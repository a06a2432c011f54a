import type { Product, Standard } from '../catalog/types.js';

const NEW_STANDARD: Record<string, string> = {
  model: 'model',
  product: 'product',
  prompt: 'contents[prompt].text',
  shots: 'prompt',
  multiShot: 'settings.multi_shot',
  negativePrompt: 'negative_prompt',
  cfgScale: 'cfg_scale',
  firstFrame: 'contents[first_frame].url',
  lastFrame: 'contents[last_frame].url',
  referenceImages: 'contents[refer_image]',
  referenceVideo: 'contents[feature_video|base_video]',
  elements: 'contents[element]',
  voices: 'contents[voice]',
  characterImage: 'contents[image].url',
  motionVideo: 'contents[video].url',
  characterOrientation: 'settings.character_orientation',
  resolution: 'settings.resolution',
  duration: 'settings.duration',
  audio: 'settings.audio',
  aspectRatio: 'settings.aspect_ratio',
  watermark: 'options.watermark_info.enabled',
  callbackUrl: 'options.callback_url',
  externalTaskId: 'options.external_task_id',
};

const LEGACY: Record<string, string> = {
  model: 'model_name',
  product: 'model_name',
  prompt: 'prompt',
  shots: 'multi_prompt',
  multiShot: 'multi_shot',
  negativePrompt: 'negative_prompt',
  cfgScale: 'cfg_scale',
  firstFrame: 'image',
  lastFrame: 'image_tail',
  referenceImages: 'image_list',
  referenceVideo: 'video_list',
  images: 'image_list',
  elements: 'element_list',
  voices: 'voice_list',
  characterImage: 'image_url',
  motionVideo: 'video_url',
  characterOrientation: 'character_orientation',
  videoId: 'video_id',
  resolution: 'mode',
  duration: 'duration',
  audio: 'sound',
  aspectRatio: 'aspect_ratio',
  watermark: 'watermark_info.enabled',
  callbackUrl: 'callback_url',
  externalTaskId: 'external_task_id',
};

/** The wire name of a GenerationRequest field (`duration` → `settings.duration` on the new standard). */
export function wireName(field: string, standard: Standard, product: Product): string {
  const [head, ...rest] = field.split('.');
  const base = head ?? field;
  let name: string | undefined;
  if (standard === 'new') {
    name = base === 'prompt' && product === 'text-to-video' ? 'prompt' : NEW_STANDARD[base];
  } else {
    name = LEGACY[base];
    if (product === 'omni-video' && (base === 'firstFrame' || base === 'lastFrame')) name = 'image_list';
    if (product === 'motion-control' && base === 'audio') name = 'keep_original_sound';
    if (product === 'omni-video' && base === 'audio') name = 'sound / video_list.keep_original_sound';
  }
  if (name === undefined) return field;
  return rest.length > 0 ? `${name}.${rest.join('.')}` : name;
}

/** A validation message (`duration: 12 is not allowed …`) with the field in its wire name. */
export function inWireTerms(message: string, field: string | undefined, standard: Standard, product: Product): string {
  if (field === undefined) return message;
  const fields = field.split(', ');
  const prefix = `${field}: `;
  if (!message.startsWith(prefix)) return message;
  return `${fields.map((one) => wireName(one, standard, product)).join(', ')}: ${message.slice(prefix.length)}`;
}

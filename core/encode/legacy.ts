import { findModel, legacyPath, offers } from '../catalog/index.js';
import type { ModelSpec } from '../catalog/types.js';
import { PROMPT_MAX } from '../catalog/models/shared.js';
import { KlingError } from '../errors/kling-error.js';
import { base64Bytes, isUrl, MAX_IMAGE_BYTES } from '../request/image.js';
import type { ValidRequest } from '../request/validate.js';
import { legacyReferences } from './references.js';
import { compact, type WireRequest } from './wire.js';

/** Turns a valid request into a legacy create: `POST /v1/videos/<product>` with `model_name`. */
export function encodeLegacy(request: ValidRequest): WireRequest {
  const refusal = legacyRefusal(request);
  if (refusal) throw refusal;
  const model = findModel(request.model) as ModelSpec;
  return { standard: 'legacy', method: 'POST', path: legacyPath(request.product), body: legacyBody(request, model) };
}

/** Why the legacy standard cannot carry this request, or undefined when it can. */
export function legacyRefusal(request: ValidRequest): KlingError | undefined {
  const model = findModel(request.model);
  if (!model || !model.legacyName || !offers(model, request.product, 'legacy')) {
    const why = model && !model.legacyName ? 'the model is new-standard only' : `${request.product} is new-standard only for this model`;
    return KlingError.invalid('model', `${request.model} ${request.product} is not offered on the legacy standard (${why})`);
  }
  const prompt = legacyPrompt(request);
  if (prompt !== undefined && prompt.length > PROMPT_MAX) {
    const counted = prompt === request.prompt ? '' : ' (counting references as <<<…>>>)';
    return KlingError.invalid(
      'prompt',
      `${prompt.length} characters${counted} is too long for the legacy standard (allowed: at most ${PROMPT_MAX})`,
    );
  }
  const images: [string, string | undefined][] = [
    ['firstFrame', request.firstFrame],
    ['lastFrame', request.lastFrame],
    ['characterImage', request.characterImage],
    ...(request.referenceImages ?? []).map((image, index): [string, string] => [`referenceImages.${index}`, image]),
    ...(request.images ?? []).map((image, index): [string, string] => [`images.${index}`, image]),
  ];
  for (const [field, image] of images) {
    if (image !== undefined && !isUrl(image) && base64Bytes(image) > MAX_IMAGE_BYTES.legacy) {
      return KlingError.invalid(
        field,
        `an image of ${base64Bytes(image)} bytes is too large for the legacy standard (allowed: at most 10 MB; 50 MB on the new standard)`,
      );
    }
  }
  return undefined;
}

function legacyPrompt(request: ValidRequest): string | undefined {
  return request.prompt === undefined ? undefined : legacyReferences(request, request.prompt);
}

function legacyBody(request: ValidRequest, model: ModelSpec): Record<string, unknown> {
  const common = {
    callback_url: request.callbackUrl,
    external_task_id: request.externalTaskId,
    watermark_info: request.watermark === undefined ? undefined : { enabled: request.watermark },
  };
  const text = {
    prompt: request.shots ? undefined : legacyPrompt(request),
    negative_prompt: request.negativePrompt,
    cfg_scale: request.cfgScale,
  };
  if (request.product === 'video-extend') {
    return compact({ video_id: request.videoId, ...text, ...common });
  }
  const mode = request.resolution ? model.legacyModes?.[request.resolution] : undefined;
  const head = { model_name: model.legacyName, mode };
  const spec = model.products[request.product]!;
  const sound = spec.audio.values.includes('native') ? (request.audio === 'native' ? 'on' : 'off') : undefined;

  if (request.product === 'motion-control') {
    return compact({
      ...head,
      prompt: text.prompt,
      image_url: request.characterImage,
      video_url: request.motionVideo,
      character_orientation: request.characterOrientation,
      keep_original_sound: request.audio === 'original' ? 'yes' : 'no',
      ...common,
    });
  }
  const duration = request.duration === undefined ? undefined : String(request.duration);
  const multiShot = request.shots
    ? {
        multi_shot: true,
        shot_type: 'customize',
        multi_prompt: request.shots.map((shot, index) => ({
          index: index + 1,
          prompt: legacyReferences(request, shot.prompt),
          duration: String(shot.duration),
        })),
      }
    : // With multi_shot on and one prompt, the model cuts the shots itself ("intelligence").
      { multi_shot: request.multiShot, shot_type: request.multiShot === true ? 'intelligence' : undefined };
  const elementList = request.elements?.map((element) => ({ element_id: element.id }));

  switch (request.product) {
    case 'text-to-video':
      return compact({ ...head, ...text, sound, aspect_ratio: request.aspectRatio, duration, ...multiShot, ...common });
    case 'image-to-video':
      return compact({
        ...head,
        ...text,
        image: request.firstFrame,
        image_tail: request.lastFrame,
        sound,
        duration,
        ...multiShot,
        voice_list: request.voices?.map((voice_id) => ({ voice_id })),
        element_list: elementList,
        ...common,
      });
    case 'multi-image-to-video':
      return compact({
        ...head,
        ...text,
        image_list: request.images?.map((image) => ({ image })),
        aspect_ratio: request.aspectRatio,
        duration,
        ...common,
      });
    case 'omni-video':
      return compact({
        ...head,
        ...text,
        image_list: omniImageList(request),
        video_list: request.referenceVideo
          ? [
              {
                video_url: request.referenceVideo.url,
                refer_type: request.referenceVideo.refer,
                keep_original_sound: request.audio === 'original' ? 'yes' : 'no',
              },
            ]
          : undefined,
        element_list: elementList,
        sound,
        aspect_ratio: request.aspectRatio,
        duration,
        ...multiShot,
        ...common,
      });
    default:
      throw KlingError.invalid('product', `${request.product} has no legacy encoding`);
  }
}

/** Legacy omni lists every image in `image_list`; references come first so `<<<image_1>>>` is the first one. */
function omniImageList(request: ValidRequest): Record<string, string>[] | undefined {
  const list: Record<string, string>[] = (request.referenceImages ?? []).map((image_url) => ({ image_url }));
  if (request.firstFrame !== undefined) list.push({ image_url: request.firstFrame, type: 'first_frame' });
  if (request.lastFrame !== undefined) list.push({ image_url: request.lastFrame, type: 'end_frame' });
  return list.length > 0 ? list : undefined;
}

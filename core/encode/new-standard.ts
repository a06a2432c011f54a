import { findModel, newStandardPath, offers } from '../catalog/index.js';
import type { ModelSpec } from '../catalog/types.js';
import { KlingError } from '../errors/kling-error.js';
import type { ValidRequest } from '../request/validate.js';
import { elementAlias, imageRef, shotsPrompt, VIDEO_REF, voiceRef } from './references.js';
import { compact, type WireRequest } from './wire.js';

/** Turns a valid request into a new-standard create: `POST /<product>/<model>`. */
export function encodeNewStandard(request: ValidRequest): WireRequest {
  const refusal = newStandardRefusal(request);
  if (refusal) throw refusal;
  const model = findModel(request.model) as ModelSpec;
  const spec = model.products[request.product]!;
  const prompt = request.shots ? shotsPrompt(request.shots) : request.prompt;
  const multiShot = request.shots ? true : request.multiShot;
  const settings = compact({
    resolution: request.resolution,
    aspect_ratio: request.aspectRatio,
    duration: request.duration,
    audio: spec.audio.values.length > 0 ? request.audio : undefined,
    multi_shot: multiShot,
    character_orientation: request.characterOrientation,
  });
  const options = compact({
    callback_url: request.callbackUrl,
    external_task_id: request.externalTaskId,
    watermark_info: request.watermark === undefined ? undefined : { enabled: request.watermark },
  });
  const body =
    request.product === 'text-to-video'
      ? compact({ prompt, settings, options: orNothing(options) })
      : compact({ contents: contents(request, prompt), settings, options: orNothing(options) });
  return { standard: 'new', method: 'POST', path: newStandardPath(model, request.product), body };
}

/** Why the new standard cannot carry this request, or undefined when it can. */
export function newStandardRefusal(request: ValidRequest): KlingError | undefined {
  const model = findModel(request.model);
  if (!model || !offers(model, request.product, 'new')) {
    return KlingError.invalid(
      'model',
      `${request.model} ${request.product} is not offered on the new standard (it is legacy-standard only)`,
    );
  }
  if (request.negativePrompt !== undefined) {
    return KlingError.invalid('negativePrompt', 'not supported on the new standard (legacy standard only)');
  }
  if (request.cfgScale !== undefined) return KlingError.invalid('cfgScale', 'not supported on the new standard (legacy standard only)');
  const max = model.products[request.product]!.promptMax;
  if (request.shots && shotsPrompt(request.shots).length > max) {
    return KlingError.invalid(
      'shots',
      `written as one prompt they make ${shotsPrompt(request.shots).length} characters, too long for the new standard (allowed: at most ${max})`,
    );
  }
  return undefined;
}

function orNothing(object: Record<string, unknown>): Record<string, unknown> | undefined {
  return Object.keys(object).length > 0 ? object : undefined;
}

function contents(request: ValidRequest, prompt: string | undefined): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  if (prompt !== undefined) items.push({ type: 'prompt', text: prompt });
  if (request.product === 'motion-control') {
    items.push({ type: 'image', url: request.characterImage }, { type: 'video', url: request.motionVideo });
    return items;
  }
  request.referenceImages?.forEach((url, index) => items.push({ type: 'refer_image', url, id: imageRef(index) }));
  if (request.firstFrame !== undefined) items.push({ type: 'first_frame', url: request.firstFrame });
  if (request.lastFrame !== undefined) items.push({ type: 'last_frame', url: request.lastFrame });
  if (request.referenceVideo) {
    const type = request.referenceVideo.refer === 'base' ? 'base_video' : 'feature_video';
    items.push({ type, url: request.referenceVideo.url, id: VIDEO_REF });
  }
  request.elements?.forEach((element, index) => items.push({ type: 'element', element_id: element.id, id: elementAlias(request, index) }));
  request.voices?.forEach((voice, index) => items.push({ type: 'voice', voice_id: voice, id: voiceRef(index) }));
  return items;
}

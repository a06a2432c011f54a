import { z } from 'zod/v4';
import { findModel, MODEL_IDS, modelIdsWhere, offeredWhere, productsOf } from '../catalog/index.js';
import type { AspectRatio, AudioMode, ModelSpec, Product, ProductSpec, Resolution } from '../catalog/types.js';
import { compact } from '../encode/wire.js';
import { KlingError } from '../errors/kling-error.js';
import { refusal } from '../encode/index.js';
import { displayValue, list } from './display.js';
import { checkImage, checkUrl } from './image.js';
import { generationRequestSchema, type GenerationRequest } from './schema.js';
import { checkProductInputs } from './product-inputs.js';

declare const validBrand: unique symbol;

/** A request the catalog accepted, with the model's defaults filled in. Only these encode. */
export type ValidRequest = GenerationRequest & {
  product: Product;
  resolution?: Resolution;
  duration?: number;
  audio?: AudioMode;
  aspectRatio?: AspectRatio;
  readonly [validBrand]: true;
};

/**
 * Printable ASCII without spaces, and without the characters a lookup cannot carry: `,` separates
 * ids in `/tasks?external_task_ids=`, and `/ ? # % \` break the legacy read path. An id Kling
 * accepts but we cannot look up would make a lost create reply unrecoverable.
 */
const EXTERNAL_ID = /^[\x21-\x7e]{1,128}$/;
const EXTERNAL_ID_UNSAFE = /[,/?#%\\]/;

/**
 * Checks a request against the catalog before anything is sent. Throws a `KlingError` of kind
 * `invalid` whose message names the field, the value and what is allowed.
 */
/** Requests this module returned: `asValid` does not check them twice. */
const checked = new WeakSet<object>();

/** `input` itself when `validate` returned it, else `validate(input)`. */
export function asValid(input: unknown): ValidRequest {
  return typeof input === 'object' && input !== null && checked.has(input) ? (input as ValidRequest) : validate(input);
}

export function validate(input: unknown): ValidRequest {
  const parsed = generationRequestSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw fromZodIssue(parsed.error.issues[0] as z.core.$ZodIssue);
  const given: GenerationRequest = parsed.data;

  const model = findModel(given.model);
  if (!model) {
    throw KlingError.invalid('model', `${displayValue(given.model)} is not a known model (allowed: ${list(MODEL_IDS)})`);
  }
  const product = given.product ?? inferProduct(given, model);
  const spec = model.products[product];
  if (!spec) {
    throw KlingError.invalid('product', `'${product}' is not offered by ${model.id} (allowed: ${list(productsOf(model))})`);
  }
  const context = `${model.id} ${product}`;

  // The checks below read the request as the prompt check settles it: a blank prompt counts as
  // none, and shots give the duration. No check changes what it checks.
  const { prompt, duration: shotsDuration } = checkPrompt(given, model, product, spec, context);
  const request: GenerationRequest = { ...given, prompt, ...(shotsDuration !== undefined && { duration: shotsDuration }) };
  const resolution = checkResolution(request, model, product, spec);
  const duration = checkDuration(request, model, product, spec);
  const audio = checkAudio(request, model, product, spec, resolution);
  const aspectRatio = checkAspectRatio(request, model, product, spec);
  const images = checkFrames(request, spec, context, resolution);
  const inputs = checkProductInputs(request, model, product, spec, { duration, audio });

  if (request.negativePrompt !== undefined) {
    if (!spec.negativePrompt) {
      throw KlingError.invalid(
        'negativePrompt',
        `not accepted by ${context} (negative prompts exist on the legacy standard's text, image, multi-image and extend requests only)`,
      );
    }
    if (request.negativePrompt.length > 2500) {
      throw KlingError.invalid('negativePrompt', `${request.negativePrompt.length} characters is too long (allowed: at most 2500)`);
    }
  }
  if (request.cfgScale !== undefined) {
    if (!spec.cfgScale) {
      throw KlingError.invalid('cfgScale', `not accepted by ${context} (allowed on: ${list(offeredWhere((s) => s.cfgScale === true))})`);
    }
    if (!(request.cfgScale >= 0 && request.cfgScale <= 1)) {
      throw KlingError.invalid('cfgScale', `${request.cfgScale} is not allowed (allowed: 0 to 1)`);
    }
  }
  const callbackUrl = request.callbackUrl === undefined ? undefined : checkUrl('callbackUrl', request.callbackUrl);
  if (request.externalTaskId !== undefined && !EXTERNAL_ID.test(request.externalTaskId)) {
    throw KlingError.invalid(
      'externalTaskId',
      `${displayValue(request.externalTaskId)} is not allowed (allowed: 1 to 128 printable characters, no spaces)`,
    );
  }
  const unsafe = request.externalTaskId === undefined ? undefined : EXTERNAL_ID_UNSAFE.exec(request.externalTaskId)?.[0];
  if (unsafe !== undefined) {
    throw KlingError.invalid(
      'externalTaskId',
      `${displayValue(request.externalTaskId)} contains '${unsafe}', which a lookup by external id cannot carry (not allowed: , / ? # % \\)`,
    );
  }

  const valid = compact({
    ...request,
    ...images,
    ...inputs,
    product,
    resolution,
    duration,
    audio,
    aspectRatio,
    callbackUrl,
  });
  // A request that no standard can carry (e.g. a 20 MB image on a legacy-only model) is invalid.
  const refusals = spec.standards.map((standard) => refusal(valid as ValidRequest, standard));
  if (refusals.every((reason) => reason !== undefined)) throw refusals[0] as KlingError;
  checked.add(valid);
  return valid as ValidRequest;
}

/** The product the inputs ask for, when the caller did not say. */
export function inferProduct(request: GenerationRequest, model: ModelSpec): Product {
  const offered = productsOf(model);
  if (offered.length === 1) return offered[0] as Product;
  if (request.videoId !== undefined) return 'video-extend';
  if (request.motionVideo !== undefined || request.characterImage !== undefined) return 'motion-control';
  if (request.images !== undefined) return 'multi-image-to-video';
  if (request.referenceImages !== undefined || request.referenceVideo !== undefined) return 'omni-video';
  if (request.firstFrame !== undefined || request.lastFrame !== undefined) return 'image-to-video';
  return 'text-to-video';
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

function fromZodIssue(issue: z.core.$ZodIssue): KlingError {
  const field = issue.path.length > 0 ? issue.path.join('.') : 'request';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const [first, ...others] = issue.keys.map((key) => [...issue.path, key].join('.'));
      const also = others.length > 0 ? `; also unknown: ${list(others)}` : '';
      return KlingError.invalid(first as string, `not a known field (allowed: ${list(knownKeys(issue.path))}${also})`);
    }
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      if (issue.input === undefined) {
        if (field === 'model') return KlingError.invalid(field, `missing (allowed: ${list(MODEL_IDS)})`);
        return KlingError.invalid(field, `missing (expected ${expected})`);
      }
      return KlingError.invalid(field, `${displayValue(issue.input)} is not ${expected}`);
    }
    case 'invalid_value':
      return KlingError.invalid(field, `${displayValue(issue.input)} is not allowed (allowed: ${list(issue.values.map(String))})`);
    default:
      return KlingError.invalid(field, issue.message);
  }
}

/** The field names of the object at `path` in the request schema, for "not a known field" messages. */
function knownKeys(path: readonly PropertyKey[]): string[] {
  let schema: unknown = generationRequestSchema;
  for (const part of [...path, undefined]) {
    while (schema instanceof z.ZodOptional) schema = schema.unwrap();
    if (part === undefined) break;
    if (schema instanceof z.ZodArray) schema = schema.element;
    else if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, unknown>)[String(part)];
    else return [];
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** Models that take multi-shot prompts, named from the catalog. */
const multiShotModels = (): string[] => modelIdsWhere((spec) => spec.multiShot !== undefined);

/**
 * The prompt to send (a blank one counts as none) and, for multi-shot, the duration the shots add
 * up to. Reads the request, never changes it.
 */
function checkPrompt(
  request: GenerationRequest,
  model: ModelSpec,
  product: Product,
  spec: ProductSpec,
  context: string,
): { prompt: string | undefined; duration?: number } {
  const prompt = request.prompt !== undefined && request.prompt.trim() === '' ? undefined : request.prompt;
  if (request.shots !== undefined) return { prompt, duration: checkShots(request, prompt, model, spec, context) };
  if (request.multiShot === true && !spec.multiShot) {
    throw KlingError.invalid('multiShot', `not accepted by ${context} (allowed on: ${multiShotModels().join(', ')})`);
  }
  if (prompt === undefined) {
    if (spec.promptRequired) throw KlingError.invalid('prompt', `missing (${context} needs a prompt)`);
    return { prompt };
  }
  if (prompt.length > spec.promptMax) {
    throw KlingError.invalid(
      'prompt',
      `${prompt.length} characters is too long for ${model.id} ${product} (allowed: at most ${spec.promptMax})`,
    );
  }
  return { prompt };
}

/** Checks the shots; returns the video's duration: the shots' total. */
function checkShots(request: GenerationRequest, prompt: string | undefined, model: ModelSpec, spec: ProductSpec, context: string): number {
  const shots = request.shots ?? [];
  if (!spec.multiShot)
    throw KlingError.invalid('shots', `not accepted by ${context} (multi-shot exists on ${multiShotModels().join(' and ')})`);
  if (prompt !== undefined) {
    throw KlingError.invalid('shots', "not allowed together with prompt (write each shot's text in the shot and leave prompt out)");
  }
  if (request.multiShot === false) throw KlingError.invalid('multiShot', 'false contradicts shots (leave it out or set it to true)');
  if (shots.length < 1 || shots.length > spec.multiShot.maxShots) {
    throw KlingError.invalid('shots', `${shots.length} shots is not allowed for ${model.id} (allowed: 1 to ${spec.multiShot.maxShots})`);
  }
  shots.forEach((shot, index) => {
    if (!Number.isInteger(shot.duration) || shot.duration < 1) {
      throw KlingError.invalid(`shots.${index}.duration`, `${shot.duration} is not allowed (allowed: whole seconds, at least 1)`);
    }
    if (shot.prompt.trim() === '') {
      throw KlingError.invalid(
        `shots.${index}.prompt`,
        `an empty prompt is not allowed (allowed: 1 to ${spec.multiShot!.maxShotPrompt} characters)`,
      );
    }
    if (shot.prompt.length > spec.multiShot!.maxShotPrompt) {
      throw KlingError.invalid(
        `shots.${index}.prompt`,
        `${shot.prompt.length} characters is too long (allowed: at most ${spec.multiShot!.maxShotPrompt} per shot)`,
      );
    }
  });
  const total = shots.reduce((sum, shot) => sum + shot.duration, 0);
  if (request.duration === undefined) {
    const rule = spec.duration;
    if (rule.kind === 'range' && (total < rule.min || total > rule.max)) {
      throw KlingError.invalid(
        'shots',
        `shot lengths add up to ${total} s, not allowed for ${model.id} (allowed: ${rule.min} to ${rule.max} s in all)`,
      );
    }
  } else if (total !== request.duration) {
    throw KlingError.invalid('shots', `shot lengths add up to ${total} s but duration is ${request.duration} s (they must be equal)`);
  }
  return total;
}

/** The output resolution; undefined for video-extend, whose output keeps the source video's quality. */
function checkResolution(request: GenerationRequest, model: ModelSpec, product: Product, spec: ProductSpec): Resolution | undefined {
  if (product === 'video-extend') {
    if (request.resolution !== undefined) {
      throw KlingError.invalid('resolution', `not accepted by video-extend (the extension keeps the source video's quality)`);
    }
    return undefined;
  }
  if (request.resolution === undefined) return spec.defaultResolution;
  if (!(spec.resolutions as readonly string[]).includes(request.resolution)) {
    throw KlingError.invalid(
      'resolution',
      `${displayValue(request.resolution)} is not allowed for ${model.id} ${product} (allowed: ${list(spec.resolutions)})`,
    );
  }
  return request.resolution as Resolution;
}

function checkDuration(request: GenerationRequest, model: ModelSpec, product: Product, spec: ProductSpec): number | undefined {
  const rule = spec.duration;
  const value = request.duration;
  if (rule.kind === 'none') {
    if (value !== undefined) {
      throw KlingError.invalid(
        'duration',
        `${displayValue(value)} is not accepted by ${model.id} ${product} (the output length follows the input video)`,
      );
    }
    return undefined;
  }
  if (value === undefined) return rule.default;
  if (rule.kind === 'set' && !rule.values.includes(value)) {
    throw KlingError.invalid('duration', `${value} is not allowed for ${model.id} (allowed: ${list(rule.values)})`);
  }
  if (rule.kind === 'range' && (!Number.isInteger(value) || value < rule.min || value > rule.max)) {
    throw KlingError.invalid(
      'duration',
      `${value} is not allowed for ${model.id} (allowed: whole seconds from ${rule.min} to ${rule.max})`,
    );
  }
  return value;
}

function checkAudio(
  request: GenerationRequest,
  model: ModelSpec,
  product: Product,
  spec: ProductSpec,
  resolution: Resolution | undefined,
): AudioMode | undefined {
  const rule = spec.audio;
  const value = request.audio;
  if (rule.alwaysOn) {
    if (value !== undefined && value !== 'native') {
      throw KlingError.invalid('audio', `${displayValue(value)} is not allowed for ${model.id} (audio is always on; allowed: native)`);
    }
    return undefined;
  }
  if (rule.values.length === 0) {
    if (value !== undefined && value !== 'off') {
      throw KlingError.invalid(
        'audio',
        `${displayValue(value)} is not allowed for ${model.id} ${product} (it makes no audio; allowed: off)`,
      );
    }
    return undefined;
  }
  if (value === undefined) return rule.default;
  if (!(rule.values as readonly string[]).includes(value)) {
    throw KlingError.invalid('audio', `${displayValue(value)} is not allowed for ${model.id} ${product} (allowed: ${list(rule.values)})`);
  }
  if (value === 'native' && rule.nativeNeeds && resolution !== undefined && !rule.nativeNeeds.includes(resolution)) {
    throw KlingError.invalid(
      'audio',
      `'native' is not allowed for ${model.id} at ${resolution} (native audio needs resolution ${list(rule.nativeNeeds)})`,
    );
  }
  return value as AudioMode;
}

function checkAspectRatio(request: GenerationRequest, model: ModelSpec, product: Product, spec: ProductSpec): AspectRatio | undefined {
  const value = request.aspectRatio;
  if (spec.aspectRatios.length === 0) {
    if (value !== undefined) {
      throw KlingError.invalid(
        'aspectRatio',
        `${displayValue(value)} is not accepted by ${model.id} ${product} (the input image or video decides the ratio)`,
      );
    }
    return undefined;
  }
  if (value === undefined) {
    // Omni needs a ratio only when no first frame and no reference video decide it.
    if (product === 'omni-video' && (request.firstFrame !== undefined || request.referenceVideo !== undefined)) return undefined;
    return spec.defaultAspectRatio;
  }
  if (!(spec.aspectRatios as readonly string[]).includes(value)) {
    throw KlingError.invalid('aspectRatio', `${displayValue(value)} is not allowed (allowed: ${list(spec.aspectRatios)})`);
  }
  return value as AspectRatio;
}

function checkFrames(
  request: GenerationRequest,
  spec: ProductSpec,
  context: string,
  resolution: Resolution | undefined,
): Pick<GenerationRequest, 'firstFrame' | 'lastFrame'> {
  const { first, last, firstAndLastNeed } = spec.frames;
  if (request.firstFrame !== undefined && first === 'none') {
    throw KlingError.invalid('firstFrame', `not accepted by ${context} (first frames belong to image-to-video and omni-video)`);
  }
  if (request.lastFrame !== undefined && last === 'none') {
    throw KlingError.invalid('lastFrame', `not accepted by ${context} (first frame only)`);
  }
  if (request.firstFrame === undefined && first === 'required') {
    throw KlingError.invalid('firstFrame', `missing (${context} needs a first frame)`);
  }
  if (request.lastFrame !== undefined && request.firstFrame === undefined) {
    throw KlingError.invalid('lastFrame', 'not allowed without a firstFrame (allowed: a first frame alone, or first + last frame)');
  }
  if (request.lastFrame !== undefined && firstAndLastNeed && resolution !== undefined && !firstAndLastNeed.includes(resolution)) {
    throw KlingError.invalid(
      'lastFrame',
      `not accepted by ${context} at ${resolution} (first + last frame needs resolution ${list(firstAndLastNeed)})`,
    );
  }
  return {
    firstFrame: request.firstFrame === undefined ? undefined : checkImage('firstFrame', request.firstFrame),
    lastFrame: request.lastFrame === undefined ? undefined : checkImage('lastFrame', request.lastFrame),
  };
}

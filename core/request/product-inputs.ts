import { offeredWhere } from '../catalog/index.js';
import type { AudioMode, ModelSpec, Product, ProductSpec } from '../catalog/types.js';
import { KlingError } from '../errors/kling-error.js';
import { displayValue, list } from './display.js';
import { checkImage, checkUrl } from './image.js';
import type { GenerationRequest } from './schema.js';

type Inputs = Pick<GenerationRequest, 'referenceImages' | 'referenceVideo' | 'images' | 'characterImage' | 'motionVideo'>;

const ALIAS = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
const RESERVED_ALIAS = /^(image|video|voice)_\d+$/;

/**
 * The inputs that belong to one product only: elements and voices, omni references, motion
 * control's image and video, multi-image lists and the video to extend. Returns them normalized.
 */
export function checkProductInputs(
  request: GenerationRequest,
  model: ModelSpec,
  product: Product,
  spec: ProductSpec,
  chosen: { duration: number | undefined; audio: AudioMode | undefined },
): Inputs {
  const context = `${model.id} ${product}`;
  refuseOutsideProduct(request, product, context);
  checkElements(request, spec, context);
  checkVoices(request, spec, context, chosen.audio);

  if (product === 'omni-video') return checkOmni(request, model, spec, chosen);
  if (product === 'motion-control') return checkMotion(request, spec);
  if (product === 'multi-image-to-video') {
    const images = request.images ?? [];
    const { min, max } = spec.images ?? { min: 1, max: 4 };
    if (images.length < min || images.length > max) {
      throw KlingError.invalid('images', `${images.length} images is not allowed for ${context} (allowed: ${min} to ${max})`);
    }
    return { images: images.map((image, index) => checkImage(`images.${index}`, image)) };
  }
  if (product === 'video-extend') {
    if (request.videoId === undefined) throw KlingError.invalid('videoId', 'missing (video-extend needs the id of a generated video)');
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(request.videoId)) {
      throw KlingError.invalid('videoId', `${displayValue(request.videoId)} is not a video id (allowed: the id of a generated video)`);
    }
  }
  return {};
}

const PRODUCT_ONLY_FIELDS: Record<string, Product> = {
  referenceImages: 'omni-video',
  referenceVideo: 'omni-video',
  characterImage: 'motion-control',
  motionVideo: 'motion-control',
  characterOrientation: 'motion-control',
  motionVideoSeconds: 'motion-control',
  images: 'multi-image-to-video',
  videoId: 'video-extend',
};

function refuseOutsideProduct(request: GenerationRequest, product: Product, context: string): void {
  for (const [field, owner] of Object.entries(PRODUCT_ONLY_FIELDS)) {
    if (owner !== product && request[field as keyof GenerationRequest] !== undefined) {
      throw KlingError.invalid(field, `not accepted by ${context} (it belongs to ${owner})`);
    }
  }
}

function checkElements(request: GenerationRequest, spec: ProductSpec, context: string): void {
  const elements = request.elements;
  if (elements === undefined) return;
  if (spec.maxElements === 0) {
    throw KlingError.invalid('elements', `not accepted by ${context} (allowed on: ${list(offeredWhere((s) => s.maxElements > 0))})`);
  }
  if (elements.length > spec.maxElements) {
    throw KlingError.invalid(
      'elements',
      `${elements.length} elements is more than ${context} allows (allowed: at most ${spec.maxElements})`,
    );
  }
  // The prompt names each element by its alias (`element_N` when none): aliases must be unique
  // within the task and must not read as an image, video or voice reference.
  const used = new Map<string, number>();
  elements.forEach((element, index) => {
    if (element.id.trim() === '') throw KlingError.invalid(`elements.${index}.id`, 'an empty id is not allowed (allowed: an element id)');
    if (element.alias !== undefined && !ALIAS.test(element.alias)) {
      throw KlingError.invalid(
        `elements.${index}.alias`,
        `${displayValue(element.alias)} is not allowed (allowed: a letter, then letters, digits or _; at most 32)`,
      );
    }
    const alias = element.alias ?? `element_${index + 1}`;
    if (RESERVED_ALIAS.test(alias)) {
      throw KlingError.invalid(
        `elements.${index}.alias`,
        `'${alias}' is reserved for an image, video or voice reference (allowed: any other name)`,
      );
    }
    const other = used.get(alias);
    if (other !== undefined) {
      throw KlingError.invalid(
        `elements.${index}.alias`,
        `'${alias}' is already the alias of elements.${other} (allowed: a unique alias per element)`,
      );
    }
    used.set(alias, index);
  });
}

function checkVoices(request: GenerationRequest, spec: ProductSpec, context: string, audio: AudioMode | undefined): void {
  const voices = request.voices;
  if (voices === undefined) return;
  if (spec.maxVoices === 0) {
    throw KlingError.invalid('voices', `not accepted by ${context} (allowed on: ${list(offeredWhere((s) => s.maxVoices > 0))})`);
  }
  if (voices.length > spec.maxVoices) {
    throw KlingError.invalid('voices', `${voices.length} voices is more than ${context} allows (allowed: at most ${spec.maxVoices})`);
  }
  if (audio !== 'native')
    throw KlingError.invalid('voices', `not allowed with audio '${audio ?? 'off'}' (allowed: voices with audio 'native')`);
  voices.forEach((voice, index) => {
    if (voice.trim() === '') throw KlingError.invalid(`voices.${index}`, 'an empty id is not allowed (allowed: a voice id)');
  });
}

function checkOmni(
  request: GenerationRequest,
  model: ModelSpec,
  spec: ProductSpec,
  chosen: { duration: number | undefined; audio: AudioMode | undefined },
): Inputs {
  const references = spec.references ?? { maxImagesWithoutVideo: 7, maxImagesWithVideo: 4, video: true };
  const video = request.referenceVideo;
  const referenceImages = (request.referenceImages ?? []).map((image, index) => checkImage(`referenceImages.${index}`, image));
  const frames = (request.firstFrame === undefined ? 0 : 1) + (request.lastFrame === undefined ? 0 : 1);
  const count = referenceImages.length + frames + (request.elements?.length ?? 0);
  const max = video ? references.maxImagesWithVideo : references.maxImagesWithoutVideo;
  if (count > max) {
    throw KlingError.invalid(
      'referenceImages',
      `${count} images and elements is more than ${model.id} allows ${video ? 'with' : 'without'} a reference video (allowed: at most ${max})`,
    );
  }
  if (chosen.audio === 'original' && !video) {
    const allowed = spec.audio.values.filter((value) => value !== 'original');
    throw KlingError.invalid(
      'audio',
      `'original' is not allowed without a referenceVideo (it keeps the video's sound; allowed: ${list(allowed)})`,
    );
  }
  if (video?.refer === 'base') {
    if (frames > 0) {
      throw KlingError.invalid(
        'referenceVideo',
        "refer 'base' is not allowed with a first or last frame (editing a video keeps its frames)",
      );
    }
    if (request.shots !== undefined || request.multiShot === true) {
      throw KlingError.invalid('referenceVideo', "refer 'base' is not allowed with multi-shot (editing a video keeps its shots)");
    }
    if (chosen.audio === 'native') {
      const allowed = spec.audio.values.filter((value) => value !== 'native');
      throw KlingError.invalid('audio', `'native' is not allowed with a 'base' referenceVideo (allowed: ${list(allowed)})`);
    }
  }
  const onlyFirstFrame = request.firstFrame !== undefined && frames === 1 && count === 1 && !video;
  const firstFrameDurations = references.durationsWithOnlyFirstFrame;
  if (onlyFirstFrame && firstFrameDurations && !firstFrameDurations.includes(chosen.duration ?? Number.NaN)) {
    throw KlingError.invalid(
      'duration',
      `${chosen.duration} is not allowed for ${model.id} with only a first frame (allowed: ${list(firstFrameDurations)})`,
    );
  }
  return {
    referenceImages: request.referenceImages === undefined ? undefined : referenceImages,
    referenceVideo: video ? { url: checkUrl('referenceVideo.url', video.url), refer: video.refer } : undefined,
  };
}

function checkMotion(request: GenerationRequest, spec: ProductSpec): Inputs {
  if (request.characterImage === undefined)
    throw KlingError.invalid('characterImage', 'missing (motion-control needs the character image)');
  if (request.motionVideo === undefined) throw KlingError.invalid('motionVideo', 'missing (motion-control needs the motion video URL)');
  if (request.characterOrientation === undefined) {
    throw KlingError.invalid('characterOrientation', "missing (allowed: 'image' or 'video')");
  }
  const seconds = request.motionVideoSeconds;
  const limits = spec.motionVideoSeconds?.[request.characterOrientation];
  if (seconds !== undefined && limits && !(seconds >= limits.min && seconds <= limits.max)) {
    throw KlingError.invalid(
      'motionVideoSeconds',
      `${seconds} is not allowed with characterOrientation '${request.characterOrientation}' (allowed: ${limits.min} to ${limits.max})`,
    );
  }
  return {
    characterImage: checkImage('characterImage', request.characterImage),
    motionVideo: checkUrl('motionVideo', request.motionVideo),
  };
}

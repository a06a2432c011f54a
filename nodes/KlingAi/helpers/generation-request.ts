import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { findModel, type GenerationRequest, type Product, productsOf, type ProductSpec } from '../../../core/index.js';
import { optionApplies, type RequestOptionName } from '../actions/video/request-options.js';

/**
 * Reads the Generate/Estimate fields of one item into the core's GenerationRequest. Which fields
 * are read follows the catalog entry of the chosen model and product, so a value left over from
 * another model is never sent. The core validates the result and names any field it refuses.
 */
export async function generationRequestFrom(context: IExecuteFunctions, itemIndex: number): Promise<GenerationRequest> {
  const get = <T>(name: string, fallback: T): T => context.getNodeParameter(name, itemIndex, fallback) as T;
  const model = get('model', '').trim();
  const modelSpec = findModel(model);
  const defaultProduct = modelSpec ? productsOf(modelSpec)[0] : undefined;
  const product = get<Product | ''>('product', defaultProduct ?? '') || undefined;
  const options = get<IDataObject>('options', {});
  const request: GenerationRequest = { model, product, prompt: text(get('prompt', '')) };
  const spec: ProductSpec | undefined = product ? modelSpec?.products[product] : undefined;
  if (spec === undefined || product === undefined) return withOptions(request, options, () => true);

  if (spec.frames.first !== 'none') {
    request.firstFrame = await image(context, itemIndex, 'firstFrame', spec.frames.first === 'required' ? 'url' : 'none');
  }
  if (spec.frames.last === 'optional') request.lastFrame = await image(context, itemIndex, 'lastFrame', 'none');
  if (spec.references) {
    const references = list(get('referenceImageUrls', ''));
    if (references.length > 0) request.referenceImages = references;
    const videoUrl = text(get('referenceVideoUrl', ''));
    if (videoUrl) request.referenceVideo = { url: videoUrl, refer: get<'feature' | 'base'>('referenceVideoRefer', 'feature') };
  }
  if (product === 'motion-control') {
    request.characterImage = await image(context, itemIndex, 'characterImage', 'url');
    request.motionVideo = text(get('motionVideoUrl', ''));
    request.characterOrientation = get<'image' | 'video'>('characterOrientation', 'image');
  }
  if (spec.images) request.images = list(get('imageUrls', ''));
  if (product === 'video-extend') request.videoId = text(get('videoId', ''));
  if (spec.resolutions.length > 1) request.resolution = get('resolution', spec.defaultResolution);
  if (spec.duration.kind !== 'none') request.duration = Number(get<number | string>('duration', spec.duration.default));
  if (spec.audio.values.length > 0) request.audio = get('audio', spec.audio.default ?? 'off');
  if (spec.aspectRatios.length > 0) request.aspectRatio = get('aspectRatio', spec.defaultAspectRatio ?? spec.aspectRatios[0] ?? '16:9');
  return withOptions(request, options, (name) => optionApplies(name, spec, product));
}

/**
 * The Options collection's request fields (negative prompt, elements, callback URL, …): those the
 * chosen model and product take; an option left over from another model is not sent.
 */
function withOptions(request: GenerationRequest, options: IDataObject, takes: (name: RequestOptionName) => boolean): GenerationRequest {
  const negativePrompt = text(options.negativePrompt);
  if (negativePrompt && takes('negativePrompt')) request.negativePrompt = negativePrompt;
  if (typeof options.cfgScale === 'number' && takes('cfgScale')) request.cfgScale = options.cfgScale;
  if (typeof options.watermark === 'boolean') request.watermark = options.watermark;
  if (typeof options.multiShot === 'boolean' && takes('multiShot')) request.multiShot = options.multiShot;
  const elements = list(options.elementIds);
  if (elements.length > 0 && takes('elementIds')) {
    request.elements = elements.map((entry) => {
      const [id = '', alias] = entry.split(':').map((part) => part.trim());
      return alias ? { id, alias } : { id };
    });
  }
  const voices = list(options.voiceIds);
  if (voices.length > 0 && takes('voiceIds')) request.voices = voices;
  if (typeof options.motionVideoSeconds === 'number' && options.motionVideoSeconds > 0 && takes('motionVideoSeconds')) {
    request.motionVideoSeconds = options.motionVideoSeconds;
  }
  const callbackUrl = text(options.callbackUrl);
  if (callbackUrl) request.callbackUrl = callbackUrl;
  const externalTaskId = text(options.externalTaskId);
  if (externalTaskId) request.externalTaskId = externalTaskId;
  return request;
}

/** An image field: a URL, or Base64 of the item's binary property; undefined for "None". */
async function image(context: IExecuteFunctions, itemIndex: number, key: string, fallbackSource: string): Promise<string | undefined> {
  const source = context.getNodeParameter(`${key}Source`, itemIndex, fallbackSource) as string;
  if (source === 'url') return text(context.getNodeParameter(`${key}Url`, itemIndex, '')) ?? '';
  if (source !== 'binary') return undefined;
  const property = context.getNodeParameter(`${key}BinaryProperty`, itemIndex, 'data') as string;
  context.helpers.assertBinaryData(itemIndex, property);
  const buffer = await context.helpers.getBinaryDataBuffer(itemIndex, property);
  return buffer.toString('base64');
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Values separated by commas or new lines (an array from an expression works too). */
function list(value: unknown): string[] {
  const parts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[\n,]/) : [];
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

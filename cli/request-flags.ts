import { type GenerationRequest, MODELS, type Product, PRODUCTS, productsOf, type ProductSpec } from '../core/index.js';
import type { CredentialKind } from '../core/node.js';
import { UsageError } from './errors.js';
import { imageFlagValue } from './image-flag.js';
import { plainNumber } from './plain-number.js';

/** `parseArgs` options that describe a video request (shared by `generate` and `estimate`). */
export const REQUEST_OPTIONS = {
  model: { type: 'string', short: 'm' },
  product: { type: 'string' },
  image: { type: 'string', short: 'i' },
  'end-image': { type: 'string' },
  resolution: { type: 'string', short: 'r' },
  duration: { type: 'string', short: 'd' },
  audio: { type: 'string' },
  aspect: { type: 'string', short: 'a' },
  'negative-prompt': { type: 'string' },
  watermark: { type: 'boolean' },
  'external-id': { type: 'string' },
  'callback-url': { type: 'string' },
} as const;

export type RequestFlagValues = {
  [K in keyof typeof REQUEST_OPTIONS]?: (typeof REQUEST_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

export const REQUEST_FLAGS_HELP = `Request options:
  -m, --model <id>          model (default: the newest that fits the inputs and credentials; see below)
      --product <name>      ${PRODUCTS.join(', ')} (default: from the inputs)
  -i, --image <path|url>    first frame: a local JPEG/PNG (sent as Base64) or an http(s) URL
      --end-image <path|url> last frame
  -r, --resolution <r>      720p, 1080p or 4k, as the model allows
  -d, --duration <seconds>  video length, as the model allows
      --audio <mode>        native, original or off, as the model allows
  -a, --aspect <ratio>      16:9, 9:16 or 1:1 (text-to-video and omni)
      --negative-prompt <t> what to avoid (legacy-standard models)
      --watermark           also produce a watermarked copy
      --external-id <id>    your own unique id for the task (idempotency key)
      --callback-url <url>  URL Kling calls on every status change`;

/**
 * The catalog as a table for `--help`: every model with its products, resolutions, durations and
 * audio modes. Built from the catalog so it never goes stale.
 */
export function modelsHelp(): string {
  const lines = ['Models (from the catalog):'];
  for (const model of MODELS) {
    const products = productsOf(model);
    const spec = (model.products[products.includes('text-to-video') ? 'text-to-video' : (products[0] as Product)] ?? {}) as ProductSpec;
    const duration =
      spec.duration?.kind === 'range'
        ? `${spec.duration.min}–${spec.duration.max} s`
        : spec.duration?.kind === 'set'
          ? `${spec.duration.values.join('/')} s`
          : 'by input';
    const audio = spec.audio?.alwaysOn ? 'always on' : spec.audio?.values.length ? spec.audio.values.join('/') : 'none';
    lines.push(`  ${model.id.padEnd(18)} ${spec.resolutions?.join('/') ?? ''}; ${duration}; audio ${audio}`);
    lines.push(`  ${''.padEnd(18)} ${products.join(', ')}`);
  }
  return lines.join('\n');
}

/**
 * The request the flags describe. Local image files are read and sent as Base64 (the core checks
 * format and size); URLs and `data:` values pass through unchanged.
 */
export function buildRequest(
  values: RequestFlagValues,
  positionals: string[],
  options: { cwd: string; credentials: CredentialKind | 'unknown' },
): GenerationRequest {
  const prompt = positionals.join(' ').trim();
  const request: GenerationRequest = { model: '' };
  if (prompt !== '') request.prompt = prompt;
  if (values.product !== undefined) request.product = productValue(values.product);
  if (values.image !== undefined) request.firstFrame = imageFlagValue('--image', values.image, options.cwd);
  if (values['end-image'] !== undefined) request.lastFrame = imageFlagValue('--end-image', values['end-image'], options.cwd);
  if (values.resolution !== undefined) request.resolution = values.resolution;
  if (values.duration !== undefined) request.duration = durationValue(values.duration);
  if (values.audio !== undefined) request.audio = values.audio;
  if (values.aspect !== undefined) request.aspectRatio = values.aspect;
  if (values['negative-prompt'] !== undefined) request.negativePrompt = values['negative-prompt'];
  if (values.watermark) request.watermark = true;
  if (values['external-id'] !== undefined) request.externalTaskId = values['external-id'];
  if (values['callback-url'] !== undefined) request.callbackUrl = values['callback-url'];
  request.model = values.model ?? defaultModel(request, options.credentials);
  return request;
}

/**
 * The first (newest) catalog model that offers the request's product on a standard the
 * credentials can use: access-key credentials only reach the legacy standard.
 */
export function defaultModel(request: GenerationRequest, credentials: CredentialKind | 'unknown'): string {
  const product: Product =
    request.product ?? (request.firstFrame !== undefined || request.lastFrame !== undefined ? 'image-to-video' : 'text-to-video');
  const model = MODELS.find((candidate) => {
    const spec = candidate.products[product];
    return spec !== undefined && (credentials !== 'accessKey' || spec.standards.includes('legacy'));
  });
  if (!model)
    throw new UsageError(
      `no model offers ${product}${credentials === 'accessKey' ? ' with access-key credentials' : ''}: choose one with --model`,
    );
  return model.id;
}

/** The value of `--product`, checked against the catalog's products. */
export function productValue(value: string): Product {
  if (!(PRODUCTS as readonly string[]).includes(value)) {
    throw new UsageError(`--product: '${value}' is not known (allowed: ${PRODUCTS.join(', ')})`, '--product');
  }
  return value as Product;
}

/** `--duration 5` or `5s`: whole or decimal seconds; the model's catalog entry says which it allows. */
function durationValue(value: string): number {
  const seconds = plainNumber(value.replace(/s\s*$/i, ''));
  if (seconds === undefined) throw new UsageError(`--duration: '${value}' is not a number of seconds (e.g. 5 or 10)`, '--duration');
  return seconds;
}

/** The request flags' checks that need no file or settings (for a command's parse step). */
export function checkRequestFlags(values: RequestFlagValues): void {
  if (values.product !== undefined) productValue(values.product);
  if (values.duration !== undefined) durationValue(values.duration);
}

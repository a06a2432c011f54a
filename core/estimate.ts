import { findModel } from './catalog/index.js';
import type { PriceRow, Resolution } from './catalog/types.js';
import { KlingError } from './errors/kling-error.js';
import type { ValidRequest } from './request/validate.js';
import { asValid } from './request/validate.js';

/** What one unit of a resource pack costs, roughly (shared/kling-api.md §8). */
export const USD_PER_UNIT = 0.14;

export interface Estimate {
  model: string;
  product: string;
  /** Units of the resource pack; undefined when the length is unknown (motion control without a video length). */
  units: number | undefined;
  usd: number | undefined;
  /** Seconds the price is computed for. */
  seconds: number | undefined;
  row: { variant: string; resolution: Resolution; perSecond?: number; perClip?: number };
  assumptions: string[];
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

/** Approximate US dollars of a number of units, to the cent. */
export function usdOf(units: number): number {
  return Math.round(units * USD_PER_UNIT * 100) / 100;
}

/** Prices a request from the catalog: no network, no key. Accepts raw or validated requests. */
export function estimate(input: unknown): Estimate {
  const request: ValidRequest = asValid(input);
  const model = findModel(request.model)!;
  const row = model.prices.find((candidate) => matches(candidate, request));
  const resolution = request.resolution ?? model.products[request.product]!.defaultResolution;
  if (!row) throw KlingError.invalid('model', `no price is known for ${model.id} ${request.product}`);
  const assumptions: string[] = [];

  if (row.perClip) {
    const clips = row.perClip[resolution];
    const seconds = request.duration ?? 5;
    const price = clips?.[seconds];
    if (price === undefined) throw KlingError.invalid('resolution', `no price is known for ${model.id} at ${resolution}, ${seconds} s`);
    if (request.product === 'video-extend') {
      assumptions.push("An extension is billed like a 5 s clip in the source video's mode (3.5 units if the source was 1080p/pro).");
    }
    return result(request, price, seconds, { variant: row.variant, resolution, perClip: price }, assumptions);
  }

  const perSecond = row.perSecond?.[resolution];
  if (perSecond === undefined) throw KlingError.invalid('resolution', `no price is known for ${model.id} ${row.variant} at ${resolution}`);
  let seconds = request.duration;
  if (request.product === 'motion-control') {
    seconds = request.motionVideoSeconds;
    assumptions.push(
      seconds === undefined
        ? 'Motion control is billed by output length, which follows the motion video: give motionVideoSeconds for a figure.'
        : 'Motion control is billed by output length; the estimate uses the motion video length.',
    );
  }
  const units = seconds === undefined ? undefined : round(perSecond * seconds);
  return result(request, units, seconds, { variant: row.variant, resolution, perSecond }, assumptions);
}

function result(
  request: ValidRequest,
  units: number | undefined,
  seconds: number | undefined,
  row: Estimate['row'],
  assumptions: string[],
): Estimate {
  return {
    model: request.model,
    product: request.product,
    units,
    usd: units === undefined ? undefined : usdOf(units),
    seconds,
    row,
    assumptions,
  };
}

function matches(row: PriceRow, request: ValidRequest): boolean {
  if (!row.products.includes(request.product)) return false;
  const when = row.when;
  if (!when) return true;
  if (when.audio === 'native' && request.audio !== 'native') return false;
  if (when.audio === 'not-native' && request.audio === 'native') return false;
  if (when.voices !== undefined && when.voices !== (request.voices !== undefined && request.voices.length > 0)) return false;
  if (when.videoInput !== undefined && when.videoInput !== (request.referenceVideo !== undefined)) return false;
  return true;
}

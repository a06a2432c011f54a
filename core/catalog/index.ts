import { kling25Turbo } from './models/kling-2.5-turbo.js';
import { kling26 } from './models/kling-2.6.js';
import { kling30Omni } from './models/kling-3.0-omni.js';
import { kling30Turbo } from './models/kling-3.0-turbo.js';
import { kling30 } from './models/kling-3.0.js';
import { klingO1 } from './models/kling-o1.js';
import { klingV16 } from './models/kling-v1-6.js';
import { klingV21Master } from './models/kling-v2-1-master.js';
import { klingV21 } from './models/kling-v2-1.js';
import { klingV2Master } from './models/kling-v2-master.js';
import type { ModelSpec, Product, ProductSpec, Standard } from './types.js';

export * from './types.js';

/** Every video model this project knows, newest first. Adding a model is one entry here. */
export const MODELS: readonly ModelSpec[] = [
  kling30Turbo,
  kling30,
  kling30Omni,
  klingO1,
  kling26,
  kling25Turbo,
  klingV21Master,
  klingV21,
  klingV2Master,
  klingV16,
];

export const MODEL_IDS: readonly string[] = MODELS.map((m) => m.id);

const byId = new Map(MODELS.map((m) => [m.id, m]));
const byLegacyName = new Map(MODELS.filter((m) => m.legacyName).map((m) => [m.legacyName as string, m]));

export function findModel(id: string): ModelSpec | undefined {
  return byId.get(id);
}

/** A model by its legacy `model_name` (`kling-v2-6` → kling-2.6). */
export function findModelByLegacyName(name: string): ModelSpec | undefined {
  return byLegacyName.get(name);
}

export function productsOf(model: ModelSpec): Product[] {
  return Object.keys(model.products) as Product[];
}

/** `<model> <product>` for every product spec that passes `test`, e.g. those that take elements. */
export function offeredWhere(test: (spec: ProductSpec) => boolean): string[] {
  return MODELS.flatMap((model) =>
    productsOf(model)
      .filter((product) => test(model.products[product] as ProductSpec))
      .map((product) => `${model.id} ${product}`),
  );
}

/** Ids of the models with at least one product that passes `test`. */
export function modelIdsWhere(test: (spec: ProductSpec) => boolean): string[] {
  return MODELS.filter((model) => productsOf(model).some((product) => test(model.products[product] as ProductSpec))).map(
    (model) => model.id,
  );
}

/** Whether `model` offers `product` on `standard`. */
export function offers(model: ModelSpec, product: Product, standard: Standard): boolean {
  return model.products[product]?.standards.includes(standard) ?? false;
}

/** The new standard's create path, e.g. `/text-to-video/kling-3.0-turbo`. */
export function newStandardPath(model: ModelSpec, product: Product): string {
  return `/${product}/${model.id}`;
}

/** The legacy standard's product segment under `/v1/videos/`. */
export const LEGACY_PRODUCT_PATHS: Record<Product, string> = {
  'text-to-video': 'text2video',
  'image-to-video': 'image2video',
  'omni-video': 'omni-video',
  'motion-control': 'motion-control',
  'multi-image-to-video': 'multi-image2video',
  'video-extend': 'video-extend',
};

export function legacyPath(product: Product): string {
  return `/v1/videos/${LEGACY_PRODUCT_PATHS[product]}`;
}

/** The product whose legacy path segment is `segment` (`text2video` → text-to-video). */
export function productFromLegacySegment(segment: string): Product | undefined {
  return (Object.entries(LEGACY_PRODUCT_PATHS) as [Product, string][]).find(([, s]) => s === segment)?.[0];
}

/**
 * Typical seconds from submit to result for a request: the model's figure for a 5 s clip, scaled
 * gently with the requested length. The tracker schedules polls from it; the sandbox uses it as
 * its clock.
 */
export function typicalGenerationSeconds(modelId: string, durationSeconds?: number): number {
  const base = findModel(modelId)?.typicalSeconds ?? 120;
  return durationSeconds === undefined ? base : Math.round(base * (0.6 + (0.4 * durationSeconds) / 5));
}

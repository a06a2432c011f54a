import { MODELS, productsOf, type DurationRule, type ModelSpec, type ProductSpec } from '../../core/index.js';

/** Catalog facts as short text for tool and field descriptions: what an agent needs to choose. */

export function durationText(rule: DurationRule): string {
  if (rule.kind === 'range') return `${rule.min}–${rule.max} s (default ${rule.default})`;
  if (rule.kind === 'set') return `${rule.values.join(' or ')} s (default ${rule.default})`;
  return 'length follows the input video';
}

export function audioText(spec: ProductSpec): string {
  if (spec.audio.alwaysOn) return 'audio always on';
  if (spec.audio.values.length === 0) return 'no audio';
  const needs = spec.audio.nativeNeeds ? `; native needs ${spec.audio.nativeNeeds.join('/')}` : '';
  return `audio ${spec.audio.values.join('/')}${spec.audio.default ? ` (default ${spec.audio.default})` : ''}${needs}`;
}

/** One line per product of a model: `text-to-video: 720p/1080p, 3–15 s (default 5), audio …`. */
export function modelText(model: ModelSpec): string {
  const products = productsOf(model).map((product) => {
    const spec = model.products[product] as ProductSpec;
    return `${product} (${spec.resolutions.join('/')}, ${durationText(spec.duration)}, ${audioText(spec)})`;
  });
  return `${model.id} — ${model.label}: ${products.join('; ')}`;
}

export function catalogText(): string {
  return MODELS.map((model) => `- ${modelText(model)}`).join('\n');
}

/** Distinct values of a catalog fact across every model and product, in first-seen order. */
export function catalogValues<T>(pick: (spec: ProductSpec) => readonly T[]): T[] {
  const values = new Set<T>();
  for (const model of MODELS) for (const product of productsOf(model)) for (const value of pick(model.products[product] as ProductSpec)) values.add(value);
  return [...values];
}

/** The longest and shortest durations any model accepts. */
export function durationBounds(): { min: number; max: number } {
  const all = catalogValues((spec) => {
    const rule = spec.duration;
    if (rule.kind === 'range') return [rule.min, rule.max];
    if (rule.kind === 'set') return rule.values;
    return [];
  });
  return { min: Math.min(...all), max: Math.max(...all) };
}

/** Ids of the models with at least one product that passes `test`, comma-separated. */
export function modelsWhere(test: (spec: ProductSpec) => boolean): string {
  return MODELS.filter((model) => productsOf(model).some((product) => test(model.products[product] as ProductSpec)))
    .map((model) => model.id)
    .join(', ');
}

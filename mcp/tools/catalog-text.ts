import { type DurationRule, MODELS, modelIdsWhere, type ModelSpec, productsOf, type ProductSpec } from '../../core/index.js';

/** Catalog facts as short text for tool and field descriptions: what an agent needs to choose. */

export function durationText(rule: DurationRule): string {
  const fallback = rule.kind === 'none' || rule.default === 5 ? '' : ` (default ${rule.default})`;
  if (rule.kind === 'range') return `${rule.min}–${rule.max} s${fallback}`;
  if (rule.kind === 'set') return `${rule.values.join('|')} s${fallback}`;
  return 'length of the input video';
}

export function audioText(spec: ProductSpec): string {
  if (spec.audio.alwaysOn) return 'audio always on';
  if (spec.audio.values.length === 0) return 'silent';
  const needs = spec.audio.nativeNeeds ? ` (native needs ${spec.audio.nativeNeeds.join('/')})` : '';
  return `audio ${spec.audio.values.join('/')}${needs}`;
}

/**
 * One line per model, products with the same limits merged:
 * `kling-2.6: text-to-video, image-to-video 720p/1080p, 5|10 s, audio native/off (native needs 1080p); …`.
 * Defaults (5 s, audio off, the model's first resolution) are said once, in the field's description.
 */
export function modelText(model: ModelSpec): string {
  const groups = new Map<string, string[]>();
  for (const product of productsOf(model)) {
    const spec = model.products[product] as ProductSpec;
    const limits = `${spec.resolutions.join('/')}, ${durationText(spec.duration)}, ${audioText(spec)}`;
    groups.set(limits, [...(groups.get(limits) ?? []), product]);
  }
  const products = [...groups].map(([limits, names]) => `${names.join(', ')} ${limits}`);
  return `${model.id}${model.label.endsWith('(legacy)') ? ' (legacy)' : ''}: ${products.join('; ')}`;
}

export function catalogText(): string {
  return MODELS.map((model) => `- ${modelText(model)}`).join('\n');
}

/** Distinct values of a catalog fact across every model and product, in first-seen order. */
export function catalogValues<T>(pick: (spec: ProductSpec) => readonly T[]): T[] {
  const values = new Set<T>();
  for (const model of MODELS)
    for (const product of productsOf(model)) for (const value of pick(model.products[product] as ProductSpec)) values.add(value);
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
  return modelIdsWhere(test).join(', ');
}

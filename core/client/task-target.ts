import type { Product, Standard } from '../catalog/types.js';
import { encodeHandle, parseTaskRef } from '../task/handle.js';
import type { ClientConfig } from './config.js';
import { readRoute, type ReadRoute } from './router.js';

/** Where and how to read one task. */
export interface ReadTarget {
  id: string;
  handle: string;
  route: ReadRoute;
  standard: Standard;
  product: Product | undefined;
}

/**
 * Resolves what a caller gave — a handle, a raw Kling id or a gateway id (`kling-t2v-<id>`) — to
 * where the task can be read with these credentials. `known` holds products found by probing.
 */
export function targetOf(
  config: ClientConfig,
  ref: string,
  productHint: Product | undefined,
  known: ReadonlyMap<string, Product>,
): ReadTarget {
  const parsed = parseTaskRef(ref);
  if (parsed.kind === 'handle') {
    const product = parsed.product ?? productHint;
    const route = readRoute(config, { standard: parsed.standard, product });
    return { id: parsed.id, handle: ref.trim(), route, standard: parsed.standard, product };
  }
  const product = parsed.kind === 'gateway' ? parsed.product : (productHint ?? known.get(parsed.id));
  const route = readRoute(config, { product });
  const standard: Standard = route.via === 'tasks' ? 'new' : 'legacy';
  return { id: parsed.id, handle: encodeHandle({ standard, product, id: parsed.id }), route, standard, product };
}

import { LEGACY_PRODUCT_PATHS, PRODUCTS, productFromLegacySegment, type Product } from '../../core/index.js';

/** A request on one of Kling's create or read paths, as the gateway serves them. */
export type KlingRoute =
  | { name: 'create'; route: string; standard: 'new'; product: Product; model: string }
  | { name: 'create'; route: string; standard: 'legacy'; product: Product }
  | { name: 'query'; route: string }
  | { name: 'account'; route: string }
  | { name: 'legacy-read'; route: string; product: Product; id: string };

const products = PRODUCTS.join('|');
const segments = Object.values(LEGACY_PRODUCT_PATHS).join('|');
const NEW_CREATE = new RegExp(`^/(${products})/([^/]+)$`);
const LEGACY_CREATE = new RegExp(`^/v1/videos/(${segments})$`);
const LEGACY_READ = new RegExp(`^/v1/videos/(${segments})/([^/]+)$`);

/**
 * Which Kling endpoint a request is for (shared/kling-api.md §2): the creates and reads of both
 * standards, and the account's packs. `route` is the template, for metrics. Undefined: not one
 * the gateway serves.
 */
export function klingRouteOf(method: string, path: string): KlingRoute | undefined {
  if (method === 'GET' && path === '/tasks') return { name: 'query', route: '/tasks' };
  if (method === 'GET' && path === '/account/costs') return { name: 'account', route: '/account/costs' };
  if (method === 'POST') {
    const created = NEW_CREATE.exec(path);
    if (created) {
      return {
        name: 'create',
        route: `/${created[1]}/{model}`,
        standard: 'new',
        product: created[1] as Product,
        model: decoded(created[2] as string),
      };
    }
    const legacy = LEGACY_CREATE.exec(path);
    if (legacy)
      return {
        name: 'create',
        route: `/v1/videos/${legacy[1]}`,
        standard: 'legacy',
        product: productFromLegacySegment(legacy[1] as string) as Product,
      };
  }
  if (method === 'GET') {
    const read = LEGACY_READ.exec(path);
    if (read) {
      return {
        name: 'legacy-read',
        route: `/v1/videos/${read[1]}/{id}`,
        product: productFromLegacySegment(read[1] as string) as Product,
        id: decoded(read[2] as string),
      };
    }
  }
  return undefined;
}

/** A path segment as the client meant it; a malformed escape is kept as sent (and then matches nothing). */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The method a Kling path takes when a request used another one (Kling answers 1202), else undefined. */
export function methodOfKlingPath(path: string): 'GET' | 'POST' | undefined {
  if (path === '/tasks' || path === '/account/costs' || LEGACY_READ.test(path)) return 'GET';
  if (NEW_CREATE.test(path) || LEGACY_CREATE.test(path)) return 'POST';
  return undefined;
}

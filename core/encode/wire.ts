import type { Standard } from '../catalog/types.js';

/** A create as it goes on the wire: the path is relative to the base URL. */
export interface WireRequest {
  standard: Standard;
  method: 'POST';
  path: string;
  body: Record<string, unknown>;
}

/**
 * A copy without the undefined values, so bodies hold only what was set. A new object rather than
 * `delete`, which would leave the object in V8's slow dictionary mode.
 */
export function compact<T extends object>(object: T): T {
  const out = {} as T;
  for (const key in object) if (object[key] !== undefined) out[key] = object[key];
  return out;
}

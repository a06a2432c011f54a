import type { Standard } from '../catalog/types.js';

/** A create as it goes on the wire: the path is relative to the base URL. */
export interface WireRequest {
  standard: Standard;
  method: 'POST';
  path: string;
  body: Record<string, unknown>;
}

/** Drops undefined values so bodies hold only what was set. */
export function compact<T extends object>(object: T): T {
  for (const key of Object.keys(object) as (keyof T)[]) if (object[key] === undefined) delete object[key];
  return object;
}

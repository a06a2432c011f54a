import { findModel } from '../catalog/index.js';
import type { Standard } from '../catalog/types.js';
import type { KlingError } from '../errors/kling-error.js';
import type { ValidRequest } from '../request/validate.js';
import { encodeLegacy, legacyRefusal } from './legacy.js';
import { encodeNewStandard, newStandardRefusal } from './new-standard.js';
import type { WireRequest } from './wire.js';

export { encodeLegacy, legacyRefusal } from './legacy.js';
export { encodeNewStandard, newStandardRefusal } from './new-standard.js';
export type { WireRequest } from './wire.js';

export function encode(request: ValidRequest, standard: Standard): WireRequest {
  return standard === 'new' ? encodeNewStandard(request) : encodeLegacy(request);
}

/** Why `standard` cannot express this request (the error `encode` would throw), or undefined. */
export function refusal(request: ValidRequest, standard: Standard): KlingError | undefined {
  return standard === 'new' ? newStandardRefusal(request) : legacyRefusal(request);
}

/** The standards that can express this request, in order of preference (new first). */
export function standardsFor(request: ValidRequest): Standard[] {
  const spec = findModel(request.model)?.products[request.product];
  if (!spec) return [];
  return spec.standards.filter((standard) => refusal(request, standard) === undefined);
}

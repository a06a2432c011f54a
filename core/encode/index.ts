import { findModel } from '../catalog/index.js';
import type { Standard } from '../catalog/types.js';
import type { ValidRequest } from '../request/validate.js';
import { encodeLegacy } from './legacy.js';
import { encodeNewStandard } from './new-standard.js';
import type { WireRequest } from './wire.js';

export { encodeLegacy } from './legacy.js';
export { encodeNewStandard } from './new-standard.js';
export type { WireRequest } from './wire.js';

export function encode(request: ValidRequest, standard: Standard): WireRequest {
  return standard === 'new' ? encodeNewStandard(request) : encodeLegacy(request);
}

/** The standards that can express this request, in order of preference (new first). */
export function standardsFor(request: ValidRequest): Standard[] {
  const spec = findModel(request.model)?.products[request.product];
  if (!spec) return [];
  const legacyOnlyFields = request.negativePrompt !== undefined || request.cfgScale !== undefined;
  return spec.standards.filter((standard) => !(standard === 'new' && legacyOnlyFields));
}

import type { Product, Standard } from '../catalog/types.js';
import { encode } from '../encode/index.js';
import { KlingError } from '../errors/kling-error.js';
import { validate, type ValidRequest } from '../request/validate.js';
import { decodeLegacy } from './legacy.js';
import { decodeNewStandard } from './new-standard.js';
import { inWireTerms } from './wire-names.js';

export { decodeLegacy } from './legacy.js';
export { decodeNewStandard } from './new-standard.js';
export { parseWire } from './wire-issue.js';

/** A create as it arrives on the wire: the standard, the product (and a new-standard path's model) and the body. */
export interface CreateOnTheWire {
  standard: Standard;
  product: Product;
  /** The model id in a new-standard path. */
  model?: string;
  body: unknown;
}

/**
 * A create as Kling checks it (the inverse of `encode`): decoded from its standard's wire format,
 * validated by the catalog and held to the standard's own limits. A refusal is a KlingError of kind
 * `invalid` with Kling's code (1201, or 1203 for an unknown model) and a message naming the wire
 * field (`settings.duration`, `model_name`), as a server speaking Kling's API answers it.
 */
export function decodeCreate(create: CreateOnTheWire): ValidRequest {
  try {
    const request =
      create.standard === 'new'
        ? decodeNewStandard(create.product, create.model ?? '', create.body)
        : decodeLegacy(create.product, create.body);
    const valid = validate(request);
    encode(valid, create.standard);
    return valid;
  } catch (error) {
    if (error instanceof KlingError && error.kind === 'invalid') {
      throw new KlingError({
        kind: 'invalid',
        code: error.code ?? 1201,
        field: error.field,
        message: inWireTerms(error.message, error.field, create.standard, create.product),
      });
    }
    throw error;
  }
}

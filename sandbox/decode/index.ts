import type { Product, Standard } from '../../core/catalog/types.js';
import { encode } from '../../core/encode/index.js';
import { KlingError } from '../../core/errors/kling-error.js';
import { validate, type ValidRequest } from '../../core/request/validate.js';
import { KlingFailure } from '../http/kling-failure.js';
import { decodeLegacy } from './legacy.js';
import { decodeNewStandard } from './new-standard.js';
import { inWireTerms } from './wire-names.js';

export { decodeLegacy } from './legacy.js';
export { decodeNewStandard } from './new-standard.js';

export interface CreateOnTheWire {
  standard: Standard;
  product: Product;
  /** The model id in a new-standard path. */
  model?: string;
  body: unknown;
}

/**
 * A create as Kling checks it: decoded from its standard's wire format, validated by the catalog
 * and held to the standard's own limits. Refusals are Kling's 1201 (1203 for an unknown model),
 * with a message naming the wire field.
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
      throw new KlingFailure(error.code ?? 1201, inWireTerms(error.message, error.field, create.standard, create.product));
    }
    throw error;
  }
}

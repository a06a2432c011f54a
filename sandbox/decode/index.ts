import { decodeCreate as decodeWire, type CreateOnTheWire } from '../../core/decode/index.js';
import { KlingError } from '../../core/errors/kling-error.js';
import type { ValidRequest } from '../../core/request/validate.js';
import { KlingFailure } from '../http/kling-failure.js';

export { decodeLegacy, decodeNewStandard, type CreateOnTheWire } from '../../core/decode/index.js';

/**
 * A create as Kling checks it (the core's wire decoder), refused in Kling's words: 1201 (1203 for
 * an unknown model) with a message naming the wire field.
 */
export function decodeCreate(create: CreateOnTheWire): ValidRequest {
  try {
    return decodeWire(create);
  } catch (error) {
    if (error instanceof KlingError && error.kind === 'invalid') throw new KlingFailure(error.code ?? 1201, error.message);
    throw error;
  }
}

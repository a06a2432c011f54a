import { KlingError } from '../errors/kling-error.js';
import type { GenerationRequest } from '../request/schema.js';
import { validate, type ValidRequest } from '../request/validate.js';

/** Kling refused the model itself (no access, no such model, discontinued): another model may run. */
export function isModelRefusal(error: unknown): boolean {
  return error instanceof KlingError && (error.code === 1103 || error.code === 1203 || /discontinued/i.test(error.message));
}

/**
 * Runs `create` with the requested model, then — only when Kling refuses the model itself — with
 * each fallback model that can express the same request, in order. Other errors are thrown at once.
 */
export async function withFallbackModels<T>(
  input: GenerationRequest,
  first: ValidRequest,
  fallbackModels: readonly string[],
  create: (request: ValidRequest, fallbackFrom: string | undefined) => Promise<T>,
  onFallback: (model: string, fallback: string) => void,
): Promise<T> {
  try {
    return await create(first, undefined);
  } catch (error) {
    if (!isModelRefusal(error) || fallbackModels.length === 0) throw error;
    for (const model of fallbackModels) {
      if (model === first.model) continue;
      let candidate: ValidRequest;
      try {
        candidate = validate({ ...input, model });
      } catch {
        continue;
      }
      onFallback(first.model, model);
      try {
        return await create(candidate, first.model);
      } catch (fallbackError) {
        if (!isModelRefusal(fallbackError)) throw fallbackError;
      }
    }
    throw error;
  }
}

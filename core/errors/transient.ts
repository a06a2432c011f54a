import { KlingError } from './kling-error.js';

/**
 * A failure on Kling's side or on the way there, not a refusal of the request: no answer (network,
 * timeout), 5000–5002, or an HTTP 5xx without Kling's envelope. A read may be sent again; a create
 * may have landed before it failed.
 */
export function isTransientFailure(error: unknown): boolean {
  if (!(error instanceof KlingError)) return false;
  if (error.kind === 'network' || error.kind === 'timeout') return true;
  if (error.code === 5000 || error.code === 5001 || error.code === 5002) return true;
  return error.kind === 'server' && error.code === undefined && error.retryable;
}

import { codeInfo } from '../errors/codes.js';
import { KlingError } from '../errors/kling-error.js';

/** A check's detail and hint from an error: the Kling code and its meaning when there is one. */
export function describeKlingError(error: unknown): { detail: string; hint: string | undefined } {
  if (!(error instanceof KlingError)) return { detail: error instanceof Error ? error.message : String(error), hint: undefined };
  const info = error.code === undefined ? undefined : codeInfo(error.code);
  return { detail: error.message, hint: error.hint ?? info?.hint };
}

/** Any thrown value as a KlingError (unexpected ones become kind `server`). */
export function asKlingError(error: unknown): KlingError {
  if (error instanceof KlingError) return error;
  return new KlingError({ kind: 'server', message: error instanceof Error ? error.message : String(error) });
}

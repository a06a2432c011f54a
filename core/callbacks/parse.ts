import type { Standard } from '../catalog/types.js';
import { KlingError } from '../errors/kling-error.js';
import { detectRecordShape } from '../task/normalize.js';
import { isObject } from '../task/record-fields.js';

export interface ParsedCallback {
  /** Which standard's record shape the body carries. */
  standard: Standard;
  record: unknown;
}

/**
 * A callback body: the bare task record of either standard, or the same record wrapped in the
 * `{code, message, request_id, data}` envelope as some gateways send it (kling-api.md §5).
 */
export function parseCallbackBody(rawBody: string): ParsedCallback {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw invalid('the body is not JSON');
  }
  const record = unwrapEnvelope(body);
  const standard = detectRecordShape(record);
  if (standard === undefined) throw invalid('the body is neither a Kling task record nor an envelope holding one');
  return { standard, record };
}

function unwrapEnvelope(body: unknown): unknown {
  if (!isObject(body) || detectRecordShape(body) !== undefined) return body;
  if (!('data' in body) && !('code' in body)) return body;
  const code = body['code'];
  if (code !== undefined && code !== 0 && code !== '0') {
    throw invalid(`the envelope carries error code ${typeof code === 'number' ? code : JSON.stringify(String(code).slice(0, 20))}`);
  }
  return body['data'];
}

function invalid(why: string): KlingError {
  return KlingError.invalid('callback', `${why}; expected a Kling task record as JSON`);
}

import type { IncomingMessage } from 'node:http';
import { KlingFailure } from './kling-failure.js';

/** Largest body accepted: Base64 images may be 50 MB, which is about 67 MB encoded. */
export const MAX_BODY_BYTES = 72 * 1024 * 1024;

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new KlingFailure(1200, `Invalid request: the body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The JSON body of a Kling request; 1200 when it is not JSON. An empty body reads as `{}`. */
export function jsonBody(body: string): unknown {
  if (body.trim() === '') return {};
  try {
    return JSON.parse(body);
  } catch {
    throw new KlingFailure(1200, 'Invalid request: the body is not valid JSON');
  }
}

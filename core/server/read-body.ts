import type { IncomingMessage } from 'node:http';

/** Past this many bytes of an over-limit body the connection is cut instead of drained. */
const MAX_DRAIN_BYTES = 256 * 1024 * 1024;

/** Kling's callbacks are small task records. */
export const MAX_CALLBACK_BYTES = 1024 * 1024;

/**
 * The request body, or undefined when it is over `limit`. An over-limit body is never buffered; the
 * rest of it is read and dropped, so the sender can read the 413 instead of a connection reset
 * (leaving a `for await` early would destroy the socket under a client still writing).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    const chunks: Buffer[] = [];
    let size = 0;
    let over = Number.isFinite(declared) && declared > limit;
    if (over) resolve(undefined);
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (!over && size > limit) {
        over = true;
        chunks.length = 0;
        resolve(undefined);
      }
      if (!over) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) req.destroy();
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

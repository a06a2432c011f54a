import type { IncomingMessage } from 'node:http';

/** Past this many bytes of an over-limit body the connection is cut instead of drained. */
const MAX_DRAIN_BYTES = 256 * 1024 * 1024;

/**
 * The request body, or undefined when it is over `limit` bytes (answer 413). An over-limit body is
 * never buffered: the rest is read and dropped, so the sender reads the 413 instead of a reset
 * connection; a declared Content-Length over the limit is refused before any byte is read.
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

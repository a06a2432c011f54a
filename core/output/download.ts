import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { KlingError } from '../errors/kling-error.js';

export interface DownloadOptions {
  signal?: AbortSignal;
  /** Refuse bodies larger than this (default 2 GiB). */
  maxBytes?: number;
}

/**
 * Downloads a generated file (a result video) to `destination`. Written to a temporary file next
 * to it and renamed at the end, so a reader never sees half a video.
 */
export async function downloadFile(
  url: string,
  destination: string,
  options: DownloadOptions = {},
): Promise<{ path: string; bytes: number }> {
  if (!/^https?:\/\//i.test(url)) throw KlingError.invalid('url', `only http(s) URLs can be downloaded (got '${url.slice(0, 40)}')`);
  const maxBytes = options.maxBytes ?? 2 * 1024 ** 3;
  let response: Response;
  try {
    response = await fetch(url, { signal: options.signal, redirect: 'follow' });
  } catch (error) {
    throw new KlingError({
      kind: options.signal?.aborted ? 'cancelled' : 'network',
      message: `download failed: ${error instanceof Error ? error.message : String(error)}`,
      retryable: true,
      hint: 'Try again; Kling deletes generated files 30 days after creation.',
      cause: error,
    });
  }
  if (!response.ok || !response.body) {
    throw new KlingError({
      kind: response.status === 404 || response.status === 403 ? 'invalid' : 'server',
      httpStatus: response.status,
      message: `download failed: HTTP ${response.status}`,
      retryable: response.status >= 500,
      hint:
        response.status === 404 || response.status === 403
          ? 'The file is gone or the link expired: Kling deletes generated files after 30 days.'
          : 'Try again shortly.',
    });
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw KlingError.invalid('url', `the file has ${declared} bytes (allowed: at most ${maxBytes})`);

  await mkdir(path.dirname(destination), { recursive: true });
  const temporary = `${destination}.${randomBytes(4).toString('hex')}.part`;
  let bytes = 0;
  try {
    const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    body.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) body.destroy(KlingError.invalid('url', `the file is larger than ${maxBytes} bytes`));
    });
    await pipeline(body, createWriteStream(temporary), { signal: options.signal });
    await rename(temporary, destination);
  } catch (error) {
    await rm(temporary, { force: true });
    if (error instanceof KlingError) throw error;
    throw new KlingError({
      kind: options.signal?.aborted ? 'cancelled' : 'network',
      message: `download failed: ${error instanceof Error ? error.message : String(error)}`,
      retryable: true,
      cause: error,
    });
  }
  return { path: destination, bytes };
}

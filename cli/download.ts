import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { KlingError } from '../core/errors/kling-error.js';

export interface Download {
  path: string;
  bytes: number;
  /** Whether the file starts like an MP4 (an `ftyp` box). */
  mp4: boolean;
}

/**
 * Saves a result video. Written to `<path>.part` and renamed once complete, so a broken download
 * never leaves a truncated file under the requested name. Result URLs are signed links that
 * expire (Kling deletes files after 30 days): download promptly.
 */
export async function downloadVideo(url: string, path: string, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<Download> {
  const deadline = AbortSignal.timeout(options.timeoutMs ?? 10 * 60_000);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: 'follow' });
  } catch (error) {
    throw new KlingError({
      kind: signal.aborted ? 'timeout' : 'network',
      message: `downloading the video failed: ${describe(error)}`,
      hint: 'Try again with  kling task <handle> --out <file>; result URLs stay valid for a while.',
    });
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new KlingError({
      kind: response.status >= 500 ? 'server' : 'invalid',
      httpStatus: response.status,
      message: `downloading the video failed: HTTP ${response.status}`,
      hint: response.status === 403 || response.status === 404 ? 'The video link has expired or was removed (Kling keeps files for 30 days).' : undefined,
    });
  }
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.part`;
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream), createWriteStream(partial), { signal });
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw new KlingError({ kind: signal.aborted ? 'timeout' : 'network', message: `downloading the video failed: ${describe(error)}` });
  }
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(8);
    await handle.read(head, 0, 8, 0);
    return { path, bytes: size, mp4: head.toString('latin1', 4, 8) === 'ftyp' };
  } finally {
    await handle.close();
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? `${cause.code}: ${error.message}` : error.message;
}

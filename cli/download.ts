import { open } from 'node:fs/promises';
import { KlingError } from '../core/index.js';
import { downloadFile } from '../core/node.js';

export interface Download {
  path: string;
  bytes: number;
  /** Whether the file starts like an MP4 (an `ftyp` box). */
  mp4: boolean;
}

/** A download still running after this long stops with a timeout (exit 7), not a hang. */
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

/**
 * Saves a result video (atomically: see `downloadFile`) and says whether it looks like an MP4.
 * Result URLs are signed links that expire (Kling deletes files after 30 days): download promptly.
 */
export async function downloadVideo(url: string, path: string): Promise<Download> {
  const deadline = AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS);
  let saved: { path: string; bytes: number };
  try {
    saved = await downloadFile(url, path, { signal: deadline });
  } catch (error) {
    // downloadFile reports any abort as 'cancelled'; here the only abort is the deadline.
    if (deadline.aborted && error instanceof KlingError && error.kind === 'cancelled') {
      throw new KlingError({
        kind: 'timeout',
        message: `downloading the video took longer than ${DOWNLOAD_TIMEOUT_MS / 60_000} minutes`,
        hint: 'Try again with  `kling task <handle> --out <file.mp4>`; result URLs stay valid for a while.',
        cause: error,
      });
    }
    throw error;
  }
  return { ...saved, mp4: await startsLikeMp4(saved.path) };
}

async function startsLikeMp4(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await file.read(head, 0, 8, 0);
    return bytesRead === 8 && head.toString('latin1', 4, 8) === 'ftyp';
  } finally {
    await file.close();
  }
}

/**
 * Where finished videos are copied before Kling's URLs expire (Kling deletes files 30 days after
 * creation). Keys look like `<token>/<task id>/<random>-<video id>.mp4`: the random part makes a
 * stored URL impossible to guess, as Kling's own URLs are.
 */
export interface VideoStorage {
  /** A word for logs and /readyz: `folder` or `s3`. */
  readonly kind: string;
  /** Stores the file at `filePath` under `key`. */
  put(key: string, filePath: string, signal?: AbortSignal): Promise<void>;
  /** The URL a client downloads the stored copy from. */
  urlFor(key: string): Promise<string>;
}

const SAFE = /[^A-Za-z0-9_-]/g;

/** A new key for a task's video. */
export function videoKey(token: string, taskId: string, videoId: string, random: string): string {
  return `${token.replace(SAFE, '_')}/${taskId.replace(SAFE, '_')}/${random}-${videoId.replace(SAFE, '_').slice(0, 80)}.mp4`;
}

/** What `videoKey` makes, and nothing else: a served key can never leave the storage folder. */
export const VIDEO_KEY_PATTERN = /^[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9_-]{1,64}\/[0-9a-f]{32}-[A-Za-z0-9_-]{0,80}\.mp4$/;

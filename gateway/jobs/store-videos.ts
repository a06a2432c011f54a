import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { downloadFile } from '../../core/node.js';
import type { GatewayContext } from '../gateway-context.js';
import type { Job, StoredVideo } from '../store/gateway-store.js';
import type { VideoStorage } from '../storage/video-storage.js';
import { videoKey } from '../storage/video-storage.js';
import type { JobOutcome } from './job-runner.js';

/** Copying is tried this many times; then the callback goes out with Kling's URLs. */
const ATTEMPTS = 6;
const TRANSFER_MS = 10 * 60 * 1000;

/** Copies a finished task's videos to storage (before Kling deletes them), then queues its callback. */
export async function storeVideos(context: GatewayContext, job: Job): Promise<JobOutcome> {
  const { owner, state, videos } = await context.store.getTask(job.taskId);
  if (!owner || !state || !context.storage) return { done: true };
  if (videos === undefined) {
    try {
      await context.store.saveVideos(owner.id, await copy(context.storage, owner.token, owner.id, state.videos));
      context.log('debug', 'videos stored', { task: owner.id, storage: context.storage.kind });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (job.attempts + 1 < ATTEMPTS) {
        context.log('warn', 'copying a video to storage failed; retrying', { task: owner.id, error: message });
        return { retryInMs: Math.min(60_000, 2_000 * 2 ** job.attempts) };
      }
      context.log('error', "copying a video to storage failed for good; its client gets Kling's URL (deleted after 30 days)", {
        task: owner.id,
        error: message,
      });
      // Nothing stored: reads stop waiting for the copy and answer with Kling's URLs.
      await context.store.saveVideos(owner.id, []);
    }
  }
  if (owner.callbackUrl !== undefined) {
    await context.store.addJob({ id: `deliver:${owner.id}`, kind: 'deliver', taskId: owner.id }, Date.now());
    context.wakeJobs();
  }
  return { done: true };
}

async function copy(
  storage: VideoStorage,
  token: string,
  taskId: string,
  videos: readonly { id: string; url: string }[],
): Promise<StoredVideo[]> {
  const folder = await mkdtemp(path.join(tmpdir(), 'kling-gateway-'));
  try {
    const stored: StoredVideo[] = [];
    for (const video of videos) {
      const file = path.join(folder, `${stored.length}.mp4`);
      await downloadFile(video.url, file, { signal: AbortSignal.timeout(TRANSFER_MS) });
      const key = videoKey(token, taskId, video.id, randomBytes(16).toString('hex'));
      await storage.put(key, file, AbortSignal.timeout(TRANSFER_MS));
      stored.push({ videoId: video.id, key });
    }
    return stored;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

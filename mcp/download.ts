import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Task } from '../core/index.js';
import { downloadFile } from '../core/output/download.js';

/**
 * Saves a finished task's videos into the download directory as `kling-<task id>[-n].mp4`. The
 * names come from the task id (digits), never from the caller, so every path stays inside the
 * directory. A file already there is kept (asking twice does not download twice).
 */
export async function saveVideos(task: Task, directory: string, signal?: AbortSignal): Promise<string[]> {
  const saved: string[] = [];
  for (const [index, video] of task.videos.entries()) {
    const name = `kling-${task.id.replace(/[^A-Za-z0-9_-]/g, '_')}${task.videos.length > 1 ? `-${index + 1}` : ''}.mp4`;
    const destination = path.join(directory, name);
    const existing = await stat(destination).catch(() => undefined);
    if (!existing || existing.size === 0) await downloadFile(video.url, destination, { signal });
    saved.push(destination);
  }
  return saved;
}

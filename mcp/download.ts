import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Task } from '../core/index.js';
import { downloadFile } from '../core/node.js';

/**
 * `kling-<task id>[-n].mp4`: the name of a task's video, from the task id (digits), never from the
 * caller, so a path built from it stays inside its directory.
 */
export function videoFileName(taskId: string, index: number, count: number): string {
  return `kling-${taskId.replace(/[^A-Za-z0-9_-]/g, '_')}${count > 1 ? `-${index + 1}` : ''}.mp4`;
}

/**
 * Saves a finished task's videos into the download directory under their `videoFileName`. A file
 * already there is kept (asking twice does not download twice).
 */
export async function saveVideos(task: Task, directory: string, signal?: AbortSignal): Promise<string[]> {
  const saved: string[] = [];
  for (const [index, video] of task.videos.entries()) {
    const destination = path.join(directory, videoFileName(task.id, index, task.videos.length));
    const existing = await stat(destination).catch(() => undefined);
    if (!existing || existing.size === 0) await downloadFile(video.url, destination, { signal });
    saved.push(destination);
  }
  return saved;
}

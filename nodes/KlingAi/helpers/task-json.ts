import type { IDataObject } from 'n8n-workflow';
import type { Task, WaitResult } from '../../../core/index.js';

/** A task as n8n item JSON: flat fields for expressions (`{{ $json.videoUrl }}`), then the details. */
export function taskJson(task: Task): IDataObject {
  const video = task.videos[0];
  return {
    handle: task.handle,
    taskId: task.id,
    status: task.status,
    done: task.status === 'succeeded' || task.status === 'failed',
    videoUrl: video?.url,
    videoId: video?.id,
    videoDuration: video?.duration,
    costUnits: task.costUnits,
    failureMessage: task.failureMessage,
    externalTaskId: task.externalTaskId,
    product: task.product,
    standard: task.standard,
    klingStatus: task.klingStatus,
    videos: task.videos.map((v) => ({ ...v })),
    createdAt: iso(task.createdAt),
    updatedAt: iso(task.updatedAt),
  };
}

/** What a wait that ended before the task did adds: why, and when to look again. */
export function unfinishedJson(result: Extract<WaitResult, { done: false }>): IDataObject {
  return {
    waitEndedBy: result.reason,
    pollAfterSeconds: Math.ceil(result.pollAfterMs / 1000),
    hint: 'The task keeps running at Kling. Continue with Video → Wait for Task (or Get Task) and this handle.',
  };
}

/** A time in ms as ISO 8601, for item JSON. */
export function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

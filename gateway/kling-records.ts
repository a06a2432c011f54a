import type { Task } from '../core/index.js';

/** The URL a client gets for a video: the stored copy's, or Kling's. */
export type VideoUrl = (videoId: string, klingUrl: string) => string;

/**
 * Kling's task records, rebuilt from the gateway's view of a task (shared/kling-api.md §4), so a
 * client reads the same shape it would read from Kling. `externalTaskId` is the client's own.
 */
export interface RecordView {
  task: Task;
  externalTaskId: string | undefined;
  videoUrl: VideoUrl;
}

const NEW_STATUS: Record<Task['status'], string> = { queued: 'submitted', running: 'processing', succeeded: 'succeeded', failed: 'failed' };
const LEGACY_STATUS: Record<Task['status'], string> = {
  queued: 'submitted',
  running: 'processing',
  succeeded: 'succeed',
  failed: 'failed',
};

/** The new standard's record (`GET /tasks`, new-style callbacks). */
export function newStandardRecord({ task, externalTaskId, videoUrl }: RecordView): Record<string, unknown> {
  const succeeded = task.status === 'succeeded';
  return {
    id: task.id,
    status: NEW_STATUS[task.status],
    message: task.status === 'failed' ? (task.failureMessage ?? '') : '',
    create_time: task.createdAt ?? 0,
    update_time: task.updatedAt ?? task.createdAt ?? 0,
    external_id: externalTaskId ?? '',
    outputs: succeeded
      ? task.videos.map((video) => ({
          type: 'video',
          id: video.id,
          url: videoUrl(video.id, video.url),
          ...(video.watermarkUrl !== undefined && { watermark_url: video.watermarkUrl }),
          ...(video.duration !== undefined && { duration: String(video.duration) }),
        }))
      : [],
    billing:
      succeeded && task.costUnits !== undefined ? [{ charge_type: 'unit', amount: units(task.costUnits), package_type: 'video' }] : [],
  };
}

/** The `data` of a new-standard create reply. */
export function newStandardCreateReply({ task, externalTaskId }: Omit<RecordView, 'videoUrl'>): Record<string, unknown> {
  return {
    id: task.id,
    status: NEW_STATUS[task.status],
    create_time: task.createdAt ?? 0,
    update_time: task.updatedAt ?? task.createdAt ?? 0,
    external_id: externalTaskId ?? '',
  };
}

/** The legacy task object (`GET /v1/videos/<product>/<id>`, legacy callbacks). */
export function legacyRecord({ task, externalTaskId, videoUrl }: RecordView): Record<string, unknown> {
  const final = task.status === 'succeeded' || task.status === 'failed';
  return {
    task_id: task.id,
    task_status: LEGACY_STATUS[task.status],
    task_status_msg: task.status === 'failed' ? (task.failureMessage ?? '') : '',
    created_at: task.createdAt ?? 0,
    updated_at: task.updatedAt ?? task.createdAt ?? 0,
    ...(final && { final_unit_deduction: task.status === 'succeeded' && task.costUnits !== undefined ? units(task.costUnits) : '0' }),
    task_info: externalTaskId === undefined ? {} : { external_task_id: externalTaskId },
    task_result: {
      videos:
        task.status === 'succeeded'
          ? task.videos.map((video) => ({
              id: video.id,
              url: videoUrl(video.id, video.url),
              ...(video.watermarkUrl !== undefined && { watermark_url: video.watermarkUrl }),
              ...(video.duration !== undefined && { duration: String(video.duration) }),
            }))
          : [],
    },
  };
}

/** The `data` of a legacy create reply. */
export function legacyCreateReply({ task, externalTaskId }: Omit<RecordView, 'videoUrl'>): Record<string, unknown> {
  return {
    task_id: task.id,
    task_status: LEGACY_STATUS[task.status],
    task_info: externalTaskId === undefined ? {} : { external_task_id: externalTaskId },
    created_at: task.createdAt ?? 0,
    updated_at: task.updatedAt ?? task.createdAt ?? 0,
  };
}

/** Units as Kling writes them: a decimal string. */
function units(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

import type { SandboxTask } from '../tasks/task.js';
import { videoUrl, watermarkedVideoUrl } from '../video/urls.js';
import { formatUnits } from './units.js';

/** Legacy status words: `succeed`, not `succeeded`. */
export function legacyStatus(task: SandboxTask): string {
  return task.status === 'succeeded' ? 'succeed' : task.status;
}

function taskInfo(task: SandboxTask, baseUrl: string): Record<string, unknown> {
  return {
    ...(task.externalTaskId !== undefined ? { external_task_id: task.externalTaskId } : {}),
    ...(task.parentVideo
      ? { parent_video: { id: task.parentVideo.id, url: videoUrl(baseUrl, task.parentVideo.id), duration: task.parentVideo.duration } }
      : {}),
  };
}

/** The legacy task object, as `GET /v1/videos/<product>/<id>` and legacy callbacks carry it. */
export function legacyRecord(task: SandboxTask, baseUrl: string): Record<string, unknown> {
  const succeeded = task.status === 'succeeded';
  const video = {
    id: task.video.id,
    url: videoUrl(baseUrl, task.video.id),
    ...(task.watermark ? { watermark_url: watermarkedVideoUrl(baseUrl, task.video.id) } : {}),
    duration: task.video.duration,
  };
  const final = task.status === 'succeeded' || task.status === 'failed';
  return {
    task_id: task.id,
    task_status: legacyStatus(task),
    task_status_msg: task.message,
    created_at: task.createdAt,
    updated_at: task.updatedAt,
    ...(final ? { final_unit_deduction: succeeded ? formatUnits(task.units) : '0' } : {}),
    task_info: taskInfo(task, baseUrl),
    task_result: { videos: succeeded ? [video] : [] },
  };
}

/** The `data` of a legacy create reply. */
export function legacyCreateReply(task: SandboxTask, baseUrl: string): Record<string, unknown> {
  return {
    task_id: task.id,
    task_status: legacyStatus(task),
    task_info: taskInfo(task, baseUrl),
    created_at: task.createdAt,
    updated_at: task.updatedAt,
  };
}

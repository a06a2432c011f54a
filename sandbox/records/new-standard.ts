import type { SandboxTask } from '../tasks/task.js';
import { videoUrl, watermarkedVideoUrl } from '../video/urls.js';
import { formatUnits } from './units.js';

/** The new standard's task record, as `GET /tasks`, `POST /tasks` and new-style callbacks carry it. */
export function newStandardRecord(task: SandboxTask, baseUrl: string): Record<string, unknown> {
  const succeeded = task.status === 'succeeded';
  const output: Record<string, unknown> = {
    type: 'video',
    id: task.video.id,
    url: videoUrl(baseUrl, task.video.id),
    ...(task.watermark ? { watermark_url: watermarkedVideoUrl(baseUrl, task.video.id) } : {}),
    duration: task.video.duration,
  };
  return {
    id: task.id,
    status: task.status,
    message: task.message,
    create_time: task.createdAt,
    update_time: task.updatedAt,
    external_id: task.externalTaskId ?? '',
    outputs: succeeded ? [output] : [],
    billing: succeeded ? [{ charge_type: 'unit', amount: formatUnits(task.units), package_type: 'video' }] : [],
  };
}

/** The `data` of a new-standard create reply. */
export function newStandardCreateReply(task: SandboxTask): Record<string, unknown> {
  return {
    id: task.id,
    status: task.status,
    create_time: task.createdAt,
    update_time: task.updatedAt,
    external_id: task.externalTaskId ?? '',
  };
}

import { z } from 'zod';
import { type Task, usdOf } from '../../core/index.js';
import { estimateOutputSchema, type EstimateOutput } from './estimate-output.js';

/** What generate_video and get_task both answer: one task, done or not, and what to do next. */
export const taskOutputSchema = z.object({
  handle: z.string().describe('Task handle: pass it to get_task to check the task again'),
  task_id: z.string().describe("Kling's task id"),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  done: z.boolean().describe('Whether the task has ended (succeeded or failed)'),
  model: z.string().optional().describe('Model that runs the task (generate_video only)'),
  fallback_from: z.string().optional().describe('Model that was asked for, when a fallback model ran instead'),
  external_task_id: z.string().optional().describe('Idempotency id the task was created with'),
  estimate: estimateOutputSchema.optional().describe('Price estimate made before the create (generate_video only)'),
  videos: z
    .array(
      z.object({
        id: z.string().describe('Video id (for video-extend)'),
        url: z.string().describe('MP4 URL; Kling deletes generated files 30 days after creation'),
        duration_seconds: z.number().optional(),
        watermark_url: z.string().optional(),
        saved_path: z.string().optional().describe('Where the server saved the MP4 (download directory)'),
      }),
    )
    .describe('Result videos, once succeeded'),
  cost_units: z.number().optional().describe('Units actually charged, once known (failed tasks cost nothing)'),
  cost_usd: z.number().optional().describe('Approximate US dollars of cost_units'),
  failure_reason: z.string().optional().describe("Kling's reason, when the task failed"),
  poll_after_seconds: z.number().optional().describe('When not done: call get_task again after about this many seconds'),
  next_step: z.string().describe('What to do next, in words'),
});

export type TaskOutput = z.infer<typeof taskOutputSchema>;

export interface TaskOutputExtras {
  model?: string;
  fallbackFrom?: string;
  estimate?: EstimateOutput;
  pollAfterMs?: number;
  savedPaths?: (string | undefined)[];
  /** A note appended to the next step (e.g. why nothing was saved). */
  note?: string;
}

export function taskOutput(task: Task, extras: TaskOutputExtras = {}): TaskOutput {
  const done = task.status === 'succeeded' || task.status === 'failed';
  const pollAfter = done || extras.pollAfterMs === undefined ? undefined : Math.max(1, Math.ceil(extras.pollAfterMs / 1000));
  const output: TaskOutput = {
    handle: task.handle,
    task_id: task.id,
    status: task.status,
    done,
    ...(extras.model !== undefined && { model: extras.model }),
    ...(extras.fallbackFrom !== undefined && { fallback_from: extras.fallbackFrom }),
    ...(task.externalTaskId !== undefined && { external_task_id: task.externalTaskId }),
    ...(extras.estimate !== undefined && { estimate: extras.estimate }),
    videos: task.videos.map((video, index) => ({
      id: video.id,
      url: video.url,
      ...(video.duration !== undefined && { duration_seconds: video.duration }),
      ...(video.watermarkUrl !== undefined && { watermark_url: video.watermarkUrl }),
      ...(extras.savedPaths?.[index] !== undefined && { saved_path: extras.savedPaths[index] }),
    })),
    ...(task.costUnits !== undefined && { cost_units: task.costUnits, cost_usd: usdOf(task.costUnits) }),
    ...(task.status === 'failed' && { failure_reason: task.failureMessage ?? 'no reason given' }),
    ...(pollAfter !== undefined && { poll_after_seconds: pollAfter }),
    next_step: '',
  };
  output.next_step = [nextStep(output), extras.note].filter(Boolean).join(' ');
  return output;
}

function nextStep(output: TaskOutput): string {
  if (output.status === 'succeeded') {
    const saved = output.videos.some((video) => video.saved_path) ? ' and saved at saved_path' : '';
    return `Done: the video is at videos[0].url${saved}. Kling deletes it 30 days after creation.`;
  }
  if (output.status === 'failed') {
    return `The task failed (${output.failure_reason}). Failed tasks cost nothing: change the prompt or the images and call generate_video again.`;
  }
  return `Not finished yet (${output.status}). Call get_task with task "${output.handle}" in about ${output.poll_after_seconds ?? 10} s; give it wait_seconds to let it wait for the result.`;
}

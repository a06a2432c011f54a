import { z } from 'zod';
import { PLAYER_TOOL_META } from '../apps/player-resource.js';
import type { ToolContext } from '../context.js';
import { downloadSchema, followTask, waitSecondsSchema } from './follow-task.js';
import { errorResult } from './results.js';
import { taskOutputSchema } from './task-output.js';
import type { KlingTool } from './tool.js';

export const getTaskInput = z
  .object({
    task: z
      .string()
      .min(1)
      .describe('The handle generate_video returned (kt1.…), a Kling task id (digits) or a gateway id like kling-t2v-<id>'),
    wait_seconds: waitSecondsSchema,
    download: downloadSchema,
  })
  .strict();

export function getTaskTool(context: ToolContext): KlingTool<typeof getTaskInput> {
  return {
    name: 'get_task',
    title: 'Check a Kling video task',
    description:
      'Reads a Kling video task: its status, and once succeeded the video URL(s), duration and real cost. Waits up to wait_seconds for it to finish (with progress notifications when asked), so there is no need to poll in a loop: call it again after poll_after_seconds while done is false. Costs nothing.',
    input: getTaskInput,
    output: taskOutputSchema,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    _meta: PLAYER_TOOL_META,
    async run(input, call) {
      try {
        return await followTask(context, call.ctx, input.task, { waitMs: input.wait_seconds * 1000, download: input.download });
      } catch (error) {
        return errorResult(error);
      }
    },
  };
}

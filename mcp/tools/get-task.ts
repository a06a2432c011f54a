import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { ToolContext } from '../context.js';
import { downloadSchema, followTask, waitSecondsSchema } from './follow-task.js';
import { errorResult } from './results.js';
import { taskOutputSchema } from './task-output.js';

export const getTaskInput = z.object({
  task: z
    .string()
    .min(1)
    .describe('The handle generate_video returned (kt1.…), or a raw Kling task id (18–19 digits), or a gateway id like kling-t2v-<id>'),
  wait_seconds: waitSecondsSchema,
  download: downloadSchema,
});

export function registerGetTask(server: McpServer, context: ToolContext): void {
  server.registerTool(
    'get_task',
    {
      title: 'Check a Kling video task',
      description:
        'Reads a Kling video task: its status, and once succeeded the video URL(s), duration and real cost. Waits up to wait_seconds for it to finish (with progress notifications when asked), so there is no need to poll in a loop: call it again after poll_after_seconds while done is false. Costs nothing.',
      inputSchema: getTaskInput,
      outputSchema: taskOutputSchema,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async (input, ctx) => {
      try {
        return await followTask(context, ctx, input.task, { waitMs: input.wait_seconds * 1000, download: input.download });
      } catch (error) {
        return errorResult(error);
      }
    },
  );
}

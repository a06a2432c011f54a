import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { KlingError } from '../../core/index.js';
import { loadLocalImages } from '../../core/request/local-image.js';
import type { ToolContext } from '../context.js';
import { estimateOutput } from './estimate-output.js';
import { downloadSchema, followTask, waitSecondsSchema } from './follow-task.js';
import { generationInputShape, toGenerationRequest } from './generation-input.js';
import { errorResult } from './results.js';
import { taskOutputSchema } from './task-output.js';

/** A create waits for a concurrency slot at most this long, so the call still answers in time. */
const CREATE_BUDGET_MS = 40_000;

export const generateVideoInput = z.object({
  ...generationInputShape,
  wait_seconds: waitSecondsSchema,
  download: downloadSchema,
});

export function registerGenerateVideo(server: McpServer, context: ToolContext): void {
  server.registerTool(
    'generate_video',
    {
      title: 'Generate a Kling video',
      description: [
        'Creates a Kling AI video from a text prompt (text-to-video), from images (image-to-video: first_frame and optionally last_frame; omni, motion control, multi-image) or extends a video. This spends credits: call estimate_credits first when the cost matters.',
        'Videos take one to several minutes. The call waits up to wait_seconds, then answers with a task handle; when done is false, call get_task with the handle after poll_after_seconds. When done, videos[].url is the MP4 and cost_units the real charge.',
        'Images may be http(s) URLs, Base64, or paths of local files inside the allowed image directories. Errors come back as results with isError and a hint; invalid input is refused before anything is sent or charged.',
      ].join('\n'),
      inputSchema: generateVideoInput,
      outputSchema: taskOutputSchema,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (input, ctx) => {
      try {
        const client = context.client();
        const startedAt = Date.now();
        const request = await loadLocalImages(toGenerationRequest(input), { allowedDirs: context.settings.imageDirs });
        const budget = new AbortController();
        const timer = setTimeout(() => budget.abort(noSlot(request.model)), CREATE_BUDGET_MS);
        const created = await client
          .create(request, { signal: AbortSignal.any([ctx.mcpReq.signal, budget.signal]) })
          .finally(() => clearTimeout(timer));
        context.log('info', 'generate_video created a task', { handle: created.handle, model: created.model, units: created.estimate.units });
        return await followTask(context, ctx, created.handle, {
          waitMs: input.wait_seconds * 1000 - (Date.now() - startedAt),
          download: input.download,
          fallback: created.task,
          extras: { model: created.model, fallbackFrom: created.fallbackFrom, estimate: estimateOutput(created.estimate) },
        });
      } catch (error) {
        return errorResult(error);
      }
    },
  );
}

function noSlot(model: string): KlingError {
  return new KlingError({
    kind: 'concurrency',
    message: `no concurrency slot for ${model} became free within ${CREATE_BUDGET_MS / 1000} s: as many ${model} tasks as allowed are running`,
    retryable: true,
    hint: 'Nothing was created. Wait for running tasks to end (get_task tells when), then call generate_video again; raise KLING_CONCURRENCY only if your Kling packs allow more parallel tasks.',
  });
}

import { z } from 'zod';
import { estimate, type GenerationRequest, type KlingClient, KlingError } from '../../core/index.js';
import { loadLocalImages } from '../../core/node.js';
import { PLAYER_TOOL_META } from '../apps/player-resource.js';
import { requestDeclaresTasks } from '../client-capabilities.js';
import type { ToolContext } from '../context.js';
import { taskCreated } from '../tasks/task-methods.js';
import { confirmCost } from './cost-confirmation.js';
import { estimateOutput } from './estimate-output.js';
import { downloadSchema, followTask, waitSecondsSchema } from './follow-task.js';
import { generationInputShape, toGenerationRequest } from './generation-input.js';
import { errorResult } from './results.js';
import { taskOutputSchema } from './task-output.js';
import type { KlingTool } from './tool.js';

/** A create waits for a concurrency slot at most this long, so the call still answers in time. */
const CREATE_BUDGET_MS = 40_000;

export const generateVideoInput = z
  .object({
    ...generationInputShape,
    wait_seconds: waitSecondsSchema,
    download: downloadSchema,
    confirm: z
      .boolean()
      .optional()
      .describe(
        'Set true once the user agreed to the cost, when the server asks for confirmation (KLING_CONFIRM_ABOVE_UNITS) and cannot ask them itself.',
      ),
  })
  .strict();

export function generateVideoTool(context: ToolContext): KlingTool<typeof generateVideoInput> {
  return {
    name: 'generate_video',
    title: 'Generate a Kling video',
    description: [
      'Creates a Kling AI video from a text prompt (text-to-video), from images (image-to-video: first_frame and optionally last_frame; omni, motion control, multi-image) or extends a video. This spends credits: call estimate_credits first when the cost matters.',
      'Videos take one to several minutes. The call waits up to wait_seconds, then answers with a task handle; when done is false, call get_task with the handle after poll_after_seconds. When done, videos[].url is the MP4 and cost_units the real charge. Clients with MCP tasks get a task at once instead.',
      'Errors come back as results with isError and a hint; invalid input is refused before anything is sent or charged.',
    ].join('\n'),
    input: generateVideoInput,
    output: taskOutputSchema,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    _meta: PLAYER_TOOL_META,
    async run(input, call) {
      try {
        const client = context.client();
        const startedAt = Date.now();
        const request = await loadLocalImages(toGenerationRequest(input), { allowedDirs: context.settings.imageDirs });
        const priced = estimate(request);
        const gate = confirmCost(context, call, priced, input.confirm);
        if (gate) return gate;
        const created = await createWithin(client, request, call.ctx.mcpReq.signal);
        context.log('info', 'generate_video created a task', {
          handle: created.handle,
          model: created.model,
          units: created.estimate.units,
        });
        const estimated = estimateOutput(created.estimate);
        if (requestDeclaresTasks(call))
          return await taskCreated(context, created, { download: input.download, prompt: input.prompt }, estimated);
        return await followTask(context, call.ctx, created.handle, {
          waitMs: input.wait_seconds * 1000 - (Date.now() - startedAt),
          download: input.download,
          fallback: created.task,
          extras: { model: created.model, fallbackFrom: created.fallbackFrom, estimate: estimated },
        });
      } catch (error) {
        return errorResult(error);
      }
    },
  };
}

async function createWithin(client: KlingClient, request: GenerationRequest, signal: AbortSignal) {
  const budget = new AbortController();
  const timer = setTimeout(() => budget.abort(noSlot(request.model)), CREATE_BUDGET_MS);
  try {
    return await client.create(request, { signal: AbortSignal.any([signal, budget.signal]) });
  } finally {
    clearTimeout(timer);
  }
}

function noSlot(model: string): KlingError {
  return new KlingError({
    kind: 'concurrency',
    message: `no concurrency slot for ${model} became free within ${CREATE_BUDGET_MS / 1000} s: as many ${model} tasks as allowed are running`,
    retryable: true,
    hint: 'Nothing was created. Wait for running tasks to end (get_task tells when), then call generate_video again; raise KLING_CONCURRENCY only if your Kling packs allow more parallel tasks.',
  });
}

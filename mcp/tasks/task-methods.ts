import { ProtocolError, ProtocolErrorCode, type McpServer, type ServerContext } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { type CreateResult, KlingError } from '../../core/index.js';
import type { ToolContext } from '../context.js';
import { followTaskOutput } from '../tools/follow-task.js';
import { errorResult, taskResult } from '../tools/results.js';
import { PROMPT_PREVIEW_CHARS, type TaskIdPayload } from './task-id.js';
import { type DetailedTask, type TaskCreated, type TaskState } from './task-shapes.js';

/** Kling deletes a task's videos 30 days after creation: past that, the task is of no use. */
const TTL_MS = 30 * 24 * 60 * 60 * 1000;
const DEFAULT_POLL_MS = 5_000;

const taskRef = z.object({ taskId: z.string() }).loose();
const taskUpdate = z.object({ taskId: z.string(), inputResponses: z.record(z.string(), z.unknown()).optional() }).loose();

/**
 * The server side of the tasks extension: `tasks/get`, `tasks/update` and `tasks/cancel`, answered
 * from the task id alone (see task-id.ts) and the Kling API, so any replica with the same
 * credentials answers for any task.
 */
export function registerTaskMethods(server: McpServer, context: ToolContext): void {
  server.server.setRequestHandler(
    'tasks/get',
    { params: taskRef },
    async ({ taskId }, ctx) => (await detailedTask(context, ctx, taskId)) as never,
  );
  // No task of ours ever waits for input, so there is nothing to update: a known task is acknowledged.
  server.server.setRequestHandler('tasks/update', { params: taskUpdate }, ({ taskId }) => {
    payloadOf(context, taskId);
    return {};
  });
  server.server.setRequestHandler('tasks/cancel', { params: taskRef }, async ({ taskId }, ctx) => {
    const payload = payloadOf(context, taskId);
    const now = await context
      .client()
      .wait(payload.handle, { timeoutMs: 0, signal: ctx.mcpReq.signal })
      .catch(() => undefined);
    // A task that already ended keeps its terminal state; cancelling it changes nothing.
    if (now?.done !== true) {
      context.stoppedTasks.add(taskId);
      context.log('info', 'tasks/cancel: stopped following the task; Kling keeps running it and nothing is deleted', {
        handle: payload.handle,
      });
    }
    return {};
  });
}

/** The CreateTaskResult for a task generate_video just created (the task is readable at once: tasks/get reads Kling). */
export async function taskCreated(
  context: ToolContext,
  created: CreateResult,
  options: { download: boolean | undefined; prompt: string | undefined },
  estimate: TaskIdPayload['estimate'],
): Promise<TaskCreated> {
  const createdAt = Date.now();
  const taskId = context.taskIds().encode({
    handle: created.handle,
    model: created.model,
    ...(created.fallbackFrom !== undefined && { fallbackFrom: created.fallbackFrom }),
    ...(estimate !== undefined && { estimate }),
    ...(options.download !== undefined && { download: options.download }),
    ...(options.prompt !== undefined && { prompt: options.prompt.slice(0, PROMPT_PREVIEW_CHARS) }),
    createdAt,
  });
  const waited = await context
    .client()
    .wait(created.handle, { timeoutMs: 0 })
    .catch(() => undefined);
  return {
    resultType: 'task',
    ...base(taskId, createdAt),
    status: 'working',
    statusMessage: `Kling task ${created.handle} created (${created.model}); videos take minutes.`,
    lastUpdatedAt: new Date(createdAt).toISOString(),
    pollIntervalMs: waited !== undefined && !waited.done ? pollMs(waited.pollAfterMs) : DEFAULT_POLL_MS,
  };
}

async function detailedTask(context: ToolContext, ctx: ServerContext, taskId: string): Promise<DetailedTask> {
  const payload = payloadOf(context, taskId);
  const stoppedAt = context.stoppedTasks.get(taskId);
  if (stoppedAt !== undefined) {
    return {
      ...base(taskId, payload.createdAt),
      status: 'cancelled',
      lastUpdatedAt: new Date(stoppedAt).toISOString(),
      statusMessage: `Stopped following at the client's request. Kling cannot cancel a started video: it keeps running, is charged if it succeeds, and nothing is deleted. Read it with get_task "${payload.handle}".`,
    };
  }
  try {
    const { task, output } = await followTaskOutput(context, ctx, payload.handle, {
      waitMs: 0,
      download: payload.download,
      extras: { model: payload.model, fallbackFrom: payload.fallbackFrom, estimate: payload.estimate },
    });
    const updated = new Date(task.updatedAt ?? task.createdAt ?? payload.createdAt).toISOString();
    if (!output.done) {
      return {
        ...base(taskId, payload.createdAt),
        status: 'working',
        lastUpdatedAt: updated,
        pollIntervalMs: output.poll_after_seconds === undefined ? DEFAULT_POLL_MS : output.poll_after_seconds * 1000,
        statusMessage: `The Kling task is ${output.status}.`,
      };
    }
    return {
      ...base(taskId, payload.createdAt),
      status: 'completed',
      lastUpdatedAt: updated,
      statusMessage:
        output.status === 'succeeded'
          ? `The video is ready (${output.cost_units ?? '?'} units).`
          : `The video failed (${output.failure_reason}); failed tasks cost nothing.`,
      result: taskResult(output),
    };
  } catch (error) {
    const now = new Date().toISOString();
    if (error instanceof KlingError && error.retryable) {
      return {
        ...base(taskId, payload.createdAt),
        status: 'working',
        lastUpdatedAt: now,
        pollIntervalMs: DEFAULT_POLL_MS,
        statusMessage: `Could not read the Kling task just now (${error.message}); it keeps running.`,
      };
    }
    // What get_task would answer: a tool result with isError (the spec keeps `failed` for JSON-RPC errors).
    return {
      ...base(taskId, payload.createdAt),
      status: 'completed',
      lastUpdatedAt: now,
      statusMessage: 'Reading the task failed.',
      result: errorResult(error),
    };
  }
}

function base(taskId: string, createdAt: number): Pick<TaskState, 'taskId' | 'createdAt' | 'ttlMs'> {
  return { taskId, createdAt: new Date(createdAt).toISOString(), ttlMs: TTL_MS };
}

function pollMs(pollAfterMs: number | undefined): number {
  return Math.max(1_000, Math.round(pollAfterMs ?? DEFAULT_POLL_MS));
}

/** The task id's payload, or the spec's -32602 for an id this server did not issue. */
function payloadOf(context: ToolContext, taskId: string): TaskIdPayload {
  let payload: TaskIdPayload | undefined;
  try {
    payload = context.taskIds().decode(taskId);
  } catch (error) {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `Failed to retrieve task: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!payload) throw new ProtocolError(ProtocolErrorCode.InvalidParams, 'Failed to retrieve task: Task not found');
  return payload;
}

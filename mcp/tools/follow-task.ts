import type { CallToolResult, ServerContext } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { Task } from '../../core/index.js';
import type { ToolContext } from '../context.js';
import { saveVideos } from '../download.js';
import { progressNotifier } from './progress.js';
import { taskResult } from './results.js';
import { taskOutput, type TaskOutput, type TaskOutputExtras } from './task-output.js';

/** MCP clients drop a call after about 60 s: a wait ends well before that, with a handle to resume. */
export const WAIT_DEFAULT_SECONDS = 25;
export const WAIT_MAX_SECONDS = 45;

export const waitSecondsSchema = z
  .number()
  .int()
  .min(0)
  .max(WAIT_MAX_SECONDS)
  .default(WAIT_DEFAULT_SECONDS)
  .describe(
    `Seconds to wait before answering (0–${WAIT_MAX_SECONDS}); when the wait ends first, the answer has the handle and poll_after_seconds. Progress notifications are sent when asked for.`,
  );

export const downloadSchema = z
  .boolean()
  .optional()
  .describe(
    "Save the finished MP4 into the server's download directory (KLING_DOWNLOAD_DIR). Default: on when that directory is configured.",
  );

/**
 * Waits (bounded) for a task, reporting progress, then answers with the task, its videos (saved
 * when asked) and what to do next. Cancellation by the client ends the wait; the task keeps
 * running and stays readable with get_task.
 */
export async function followTask(context: ToolContext, ctx: ServerContext, ref: string, options: FollowOptions): Promise<CallToolResult> {
  return taskResult((await followTaskOutput(context, ctx, ref, options)).output);
}

export interface FollowOptions {
  waitMs: number;
  download: boolean | undefined;
  fallback?: Task;
  extras?: TaskOutputExtras;
}

/** The same as followTask, also giving the Kling task itself (for the tasks extension's timestamps). */
export async function followTaskOutput(
  context: ToolContext,
  ctx: ServerContext,
  ref: string,
  options: FollowOptions,
): Promise<{ task: Task; output: TaskOutput }> {
  const client = context.client();
  const result = await client.wait(ref, {
    timeoutMs: Math.max(0, options.waitMs),
    signal: ctx.mcpReq.signal,
    onProgress: progressNotifier(ctx),
    progressIntervalMs: 1_000,
  });
  const extras: TaskOutputExtras = { ...options.extras };
  let task: Task;
  if (result.done) {
    task = result.task;
  } else {
    if (result.reason === 'cancelled')
      context.log('info', 'wait cancelled by the client; the task keeps running', { handle: result.handle });
    task = result.task ?? options.fallback ?? (await client.getTask(ref));
    extras.pollAfterMs = result.pollAfterMs;
  }
  const directory = context.settings.downloadDir;
  if (task.status === 'succeeded' && (options.download ?? directory !== undefined)) {
    if (directory === undefined) extras.note = 'Nothing was saved: the server has no download directory (KLING_DOWNLOAD_DIR).';
    else extras.savedPaths = await saveVideos(task, directory, ctx.mcpReq.signal);
  }
  return { task, output: taskOutput(task, extras) };
}

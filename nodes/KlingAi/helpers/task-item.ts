import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Task, WaitResult } from '../../../core/index.js';
import { downloadVideo } from './download.js';
import { taskJson, unfinishedJson } from './task-json.js';

export interface TaskItemOptions {
  itemIndex: number;
  /** Download a finished video into this binary property (undefined: no download). */
  binaryProperty: string | undefined;
  /** Throw when the wait ended before the task did. */
  failOnTimeout: boolean;
  /** The Max Wait the wait had, for the messages (absent for a single read). */
  maxWaitSeconds?: number;
  /** Fields to put before the task's own (model, estimate, …). */
  extra?: IDataObject;
  signal?: AbortSignal;
}

/**
 * The output item for a task after a wait (or a read): the task, its video as binary data when
 * asked and available, and — when the wait ended first — the handle and when to look again.
 * A failed task is an error (with `continueOnFail` it becomes an error item with the handle).
 */
export async function taskItem(
  context: IExecuteFunctions,
  result: WaitResult,
  fallbackTask: Task | undefined,
  options: TaskItemOptions,
): Promise<INodeExecutionData> {
  const task = result.done ? result.task : (result.task ?? fallbackTask);
  const json: IDataObject = {
    ...options.extra,
    ...(task ? taskJson(task) : { handle: result.done ? undefined : result.handle, done: false }),
  };
  const pairedItem = { item: options.itemIndex };

  if (!result.done) {
    Object.assign(json, { handle: result.handle }, unfinishedJson(result));
    if (options.failOnTimeout) {
      const within = options.maxWaitSeconds === undefined ? 'in time' : `within Max Wait (${options.maxWaitSeconds} s)`;
      const error = new NodeOperationError(context.getNode(), `The task did not finish ${within} (status: ${task?.status ?? 'unknown'})`, {
        description: `Handle: ${result.handle}. The task keeps running at Kling; Wait for Task or Get Task continues with this handle, and retrying this node finds the same task.`,
        itemIndex: options.itemIndex,
      });
      Object.assign(error.context, { kind: 'timeout', taskMayExist: true, handle: result.handle, taskId: task?.id, status: task?.status });
      throw error;
    }
    return { json, pairedItem };
  }

  if (result.task.status === 'failed') {
    const error = new NodeOperationError(
      context.getNode(),
      `Kling could not make the video: ${result.task.failureMessage ?? 'no reason given'}`,
      {
        description: `Task ${result.task.id} failed; failed tasks are not charged. Handle: ${result.task.handle}`,
        itemIndex: options.itemIndex,
      },
    );
    Object.assign(error.context, {
      kind: 'task_failed',
      taskMayExist: false,
      handle: result.task.handle,
      taskId: result.task.id,
      status: 'failed',
      failureMessage: result.task.failureMessage,
    });
    throw error;
  }

  if (options.binaryProperty && result.task.status === 'succeeded') {
    const binary = await downloadVideo(context, result.task, options.signal);
    return { json, binary: { [options.binaryProperty]: binary }, pairedItem };
  }
  return { json, pairedItem };
}

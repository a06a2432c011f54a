import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { taskItem } from '../../helpers/task-item.js';
import type { RunContext } from '../run-context.js';
import { binaryPropertyOf, downloadFields } from './wait-fields.js';

export const taskRefField: INodeProperties = {
  displayName: 'Task',
  name: 'taskRef',
  type: 'string',
  required: true,
  default: '',
  placeholder: 'e.g. {{ $json.handle }}',
  description: 'The handle from Generate (kt1.…), or a raw Kling task ID',
};

const properties: INodeProperties[] = [taskRefField, ...downloadFields(['getTask'])];

export const description = updateDisplayOptions({ show: { resource: ['video'], operation: ['getTask'] } }, properties);

/** Reads a task once; a finished video is downloaded when asked. A failed task is an error. */
export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<INodeExecutionData[]> {
  const ref = String(this.getNodeParameter('taskRef', itemIndex)).trim();
  const client = await run.client();
  const task = await client.getTask(ref, { signal: run.signal });
  const get = (name: string, fallback: unknown) => this.getNodeParameter(name, itemIndex, fallback);
  const done = task.status === 'succeeded' || task.status === 'failed';
  const binaryProperty = binaryPropertyOf(get);
  if (!done) {
    return [await taskItem(this, { done: false, reason: 'timeout', handle: task.handle, task, pollAfterMs: 0 }, task, { itemIndex, binaryProperty, failOnTimeout: false, signal: run.signal }).then(stripWaitFields)];
  }
  return [await taskItem(this, { done: true, task }, task, { itemIndex, binaryProperty, failOnTimeout: false, signal: run.signal })];
}

/** A read is not a wait: an unfinished task is reported as it is. */
function stripWaitFields(item: INodeExecutionData): INodeExecutionData {
  const json = { ...item.json };
  for (const key of ['waitEndedBy', 'pollAfterSeconds', 'hint']) delete json[key];
  return { ...item, json };
}

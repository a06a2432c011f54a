import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { taskItem } from '../../helpers/task-item.js';
import { taskJson } from '../../helpers/task-json.js';
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

/**
 * Reads a task once; a succeeded task's video is downloaded when asked. A read is not a wait: an
 * unfinished or failed task is reported as it is (status, failureMessage), to branch on.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<INodeExecutionData[]> {
  const ref = String(this.getNodeParameter('taskRef', itemIndex)).trim();
  const client = await run.client();
  const task = await client.getTask(ref, { signal: run.signal });
  if (task.status !== 'succeeded') return [{ json: taskJson(task), pairedItem: { item: itemIndex } }];
  const get = (name: string, fallback: unknown) => this.getNodeParameter(name, itemIndex, fallback);
  return [
    await taskItem(this, { done: true, task }, task, {
      itemIndex,
      binaryProperty: binaryPropertyOf(get),
      failOnTimeout: false,
      signal: run.signal,
    }),
  ];
}

import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { taskItem } from '../../helpers/task-item.js';
import { progressOptions } from '../../helpers/wait-progress.js';
import type { RunContext } from '../run-context.js';
import { taskRefField } from './getTask.operation.js';
import { binaryPropertyOf, downloadFields, failOnTimeoutField, maxWaitField } from './wait-fields.js';

const properties: INodeProperties[] = [{ ...taskRefField }, maxWaitField, failOnTimeoutField, ...downloadFields(['waitForTask'])];

export const description = updateDisplayOptions({ show: { resource: ['video'], operation: ['waitForTask'] } }, properties);

/** Waits for a task created earlier (by handle or raw id) until it ends or Max Wait is up. */
export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<INodeExecutionData[]> {
  const ref = String(this.getNodeParameter('taskRef', itemIndex)).trim();
  const maxWaitSeconds = this.getNodeParameter('maxWaitSeconds', itemIndex, 600) as number;
  const client = await run.client();
  const result = await client.wait(ref, { timeoutMs: maxWaitSeconds * 1000, signal: run.signal, ...progressOptions(this, itemIndex) });
  const get = (name: string, fallback: unknown) => this.getNodeParameter(name, itemIndex, fallback);
  return [
    await taskItem(this, result, undefined, {
      itemIndex,
      binaryProperty: binaryPropertyOf(get),
      failOnTimeout: this.getNodeParameter('failOnTimeout', itemIndex, false) === true,
      maxWaitSeconds,
      signal: run.signal,
    }),
  ];
}

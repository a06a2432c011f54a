import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { KlingClient } from '../../../core/index.js';
import { failureJson, toNodeError } from '../helpers/errors.js';
import { klingClient } from '../transport/index.js';
import * as account from './account/index.js';
import * as customApiCall from './customApiCall/index.js';
import type { OperationExecute, RunContext } from './run-context.js';
import * as video from './video/index.js';

const OPERATIONS: Record<string, Record<string, OperationExecute>> = {
  video: {
    generate: video.generate.execute,
    getTask: video.getTask.execute,
    waitForTask: video.waitForTask.execute,
    estimate: video.estimate.execute,
  },
  account: { getPacks: account.getPacks.execute },
  customApiCall: { send: customApiCall.send.execute },
};

/**
 * Runs the chosen operation for every item at once: the shared client's scheduler queues creates
 * per model within the credential's concurrency, so items never outrun the account's limit.
 * Every output item is paired with its input item. Without `continueOnFail` the first failure
 * stops the other items' waits (their tasks keep running at Kling) and is thrown.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
  const items = this.getInputData();
  const resource = this.getNodeParameter('resource', 0) as string;
  const operation = this.getNodeParameter('operation', 0) as string;
  const execute = OPERATIONS[resource]?.[operation];
  if (!execute) throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);

  const stop = new AbortController();
  const cancelled = this.getExecutionCancelSignal?.();
  const onCancel = () => stop.abort(cancelled?.reason);
  if (cancelled?.aborted) stop.abort(cancelled.reason);
  else cancelled?.addEventListener('abort', onCancel, { once: true });

  let client: Promise<KlingClient> | undefined;
  const run: RunContext = { client: () => (client ??= klingClient(this)), signal: stop.signal };
  const continueOnFail = this.continueOnFail();
  let firstFailure: ReturnType<typeof toNodeError> | undefined;

  try {
    const outputs = await Promise.all(
      items.map(async (_item, itemIndex): Promise<INodeExecutionData[]> => {
        try {
          return await execute.call(this, itemIndex, run);
        } catch (error) {
          const failure = toNodeError(this.getNode(), error, itemIndex);
          if (continueOnFail) return [{ json: failureJson(failure) as INodeExecutionData['json'], pairedItem: { item: itemIndex } }];
          firstFailure ??= failure;
          stop.abort();
          return [];
        }
      }),
    );
    if (firstFailure) throw firstFailure;
    return [outputs.flat()];
  } finally {
    cancelled?.removeEventListener('abort', onCancel);
  }
}

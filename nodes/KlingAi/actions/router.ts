import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { KlingClient } from '../../../core/index.js';
import { failureItem, toNodeError } from '../helpers/errors.js';
import { klingClient } from '../transport/index.js';
import * as account from './account/index.js';
import * as customApiCall from './customApiCall/index.js';
import type { Operation, RunContext } from './run-context.js';
import * as video from './video/index.js';

const OPERATIONS: Record<string, Record<string, Operation>> = {
  video: {
    generate: video.generate,
    getTask: video.getTask,
    waitForTask: video.waitForTask,
    estimate: video.estimate,
  },
  account: { getPacks: account.getPacks },
  customApiCall: { send: customApiCall.send },
};

/**
 * Runs the chosen operation for every item at once: the shared client's scheduler queues creates
 * per model within the credential's concurrency, so items never outrun the account's limit.
 * Every output item is paired with its input item.
 *
 * Without a "Continue" error setting, every item is checked first (an operation's `check`) and an
 * invalid one stops the node before anything is sent; the first failure after that stops the
 * other items' waits (their tasks keep running at Kling) and is thrown. With one, a failing item
 * becomes an error item (see `failureItem`) and the other items go on.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
  const items = this.getInputData();
  const resource = this.getNodeParameter('resource', 0) as string;
  const operation = this.getNodeParameter('operation', 0) as string;
  const chosen = OPERATIONS[resource]?.[operation];
  if (!chosen) throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);

  const continueOnFail = this.continueOnFail();
  if (!continueOnFail && chosen.check) {
    for (let itemIndex = 0; itemIndex < items.length; itemIndex += 1) {
      try {
        await chosen.check.call(this, itemIndex);
      } catch (error) {
        throw toNodeError(this.getNode(), error, itemIndex);
      }
    }
  }

  const stop = new AbortController();
  const cancelled = this.getExecutionCancelSignal?.();
  const onCancel = () => stop.abort(cancelled?.reason);
  if (cancelled?.aborted) stop.abort(cancelled.reason);
  else cancelled?.addEventListener('abort', onCancel, { once: true });

  let client: Promise<KlingClient> | undefined;
  const run: RunContext = { client: () => (client ??= klingClient(this)), signal: stop.signal };
  let firstFailure: ReturnType<typeof toNodeError> | undefined;

  try {
    const outputs = await Promise.all(
      items.map(async (_item, itemIndex): Promise<INodeExecutionData[]> => {
        try {
          return await chosen.execute.call(this, itemIndex, run);
        } catch (error) {
          const failure = toNodeError(this.getNode(), error, itemIndex);
          if (continueOnFail) return [failureItem(failure, itemIndex)];
          firstFailure ??= failure;
          stop.abort();
          return [];
        }
      }),
    );
    if (firstFailure) throw firstFailure;
    const output = outputs.flat();
    hintUnfinished(this, output);
    return [output];
  } finally {
    cancelled?.removeEventListener('abort', onCancel);
  }
}

/** A warning under the output when a wait ended before its video: the items look done but are not. */
function hintUnfinished(context: IExecuteFunctions, output: INodeExecutionData[]): void {
  const unfinished = output.filter((item) => item.json.waitEndedBy === 'timeout').length;
  if (unfinished === 0) return;
  const which =
    unfinished === output.length ? (unfinished === 1 ? 'The task' : `All ${unfinished} tasks`) : `${unfinished} of ${output.length} tasks`;
  context.addExecutionHints({
    type: 'warning',
    location: 'outputPane',
    message: `${which} did not finish within Max Wait: those items have done = false and no video. The tasks keep running at Kling; continue with Video → Wait for Task and the handle, or turn on Fail on Timeout.`,
  });
}

import { createHash } from 'node:crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * The external task id Generate sends when the user gives none. It is the same for every try of
 * this node on this item in this execution (n8n's Retry On Fail, or a queue-mode job that is
 * picked up again), and differs between executions, nodes, runs of the node (loops) and items,
 * so a retry finds the task it already paid for instead of creating a second one. The n8n
 * instance is part of it: two instances may share a Kling account, a workflow and execution ids.
 * Undefined when the execution has no id (nothing stable to derive from).
 */
export function derivedExternalTaskId(context: IExecuteFunctions, itemIndex: number): string | undefined {
  const executionId = context.getExecutionId();
  if (!executionId) return undefined;
  const runIndex: unknown = context.getWorkflowDataProxy(itemIndex).$runIndex;
  const parts = [context.getInstanceId(), context.getWorkflow().id ?? '', executionId, context.getNode().id, runIndex ?? 0, itemIndex];
  return `n8n-${createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32)}`;
}

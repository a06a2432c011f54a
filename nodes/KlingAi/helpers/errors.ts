import { NodeApiError, NodeOperationError, type IDataObject, type INode, type INodeExecutionData, type JsonObject } from 'n8n-workflow';
import { KlingError } from '../../../core/index.js';
import { fieldLabel } from './field-labels.js';

type NodeFailure = NodeApiError | NodeOperationError;

/**
 * An error of any operation as n8n shows it: Kling's replies become `NodeApiError` with Kling's
 * code, request id and the hint; everything else (validation, a failed task, a download)
 * becomes `NodeOperationError`. Messages from the core never carry a secret.
 */
export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeFailure {
  if (error instanceof NodeApiError || error instanceof NodeOperationError) {
    if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
    return error;
  }
  if (error instanceof KlingError) {
    const details = klingDetails(error);
    const description = [error.hint, error.requestId ? `Kling request id: ${error.requestId}` : undefined].filter(Boolean).join(' ');
    const fromKling = error.code !== undefined || error.httpStatus !== undefined;
    const failure = fromKling
      ? new NodeApiError(node, details as JsonObject, {
          message: error.message,
          description: description || undefined,
          httpCode: error.httpStatus === undefined ? undefined : String(error.httpStatus),
          itemIndex,
        })
      : new NodeOperationError(node, labelled(error), {
          description: description || (error.kind === 'invalid' ? 'Nothing was sent to Kling and nothing was charged.' : undefined),
          itemIndex,
        });
    Object.assign(failure.context, details);
    return failure;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new NodeOperationError(node, message, { itemIndex });
}

/**
 * A failed item for the "Continue" error settings: `{ error, details }` and nothing else, because
 * n8n 2.x sends an item to the error output (On Error: Continue (using error output)) only when its
 * JSON has no keys besides `error`, `message` and `details`, and it keeps JSON of that shape as it is.
 * `details` holds what a workflow needs to act: the kind, the field, Kling's code and request id,
 * whether a paid task may exist, and the task's handle, id and status where known.
 */
export function failureItem(error: NodeFailure, itemIndex: number): INodeExecutionData {
  const context: IDataObject = { ...(error.context as IDataObject) };
  delete context.itemIndex;
  delete context.runIndex;
  const details: IDataObject = { ...(error.description ? { description: error.description } : {}), ...context };
  return { json: { error: error.message, details }, pairedItem: { item: itemIndex } };
}

/** A validation message with the field's label in the editor instead of the core's field name. */
function labelled(error: KlingError): string {
  const label = error.kind === 'invalid' && error.field !== undefined ? fieldLabel(error.field) : undefined;
  if (label === undefined || !error.message.startsWith(`${error.field}: `)) return error.message;
  return `${label}: ${error.message.slice(error.field!.length + 2)}`;
}

function klingDetails(error: KlingError): Record<string, unknown> {
  const details: Record<string, unknown> = { kind: error.kind };
  if (error.code !== undefined) details.klingCode = error.code;
  if (error.requestId !== undefined) details.requestId = error.requestId;
  if (error.field !== undefined) details.field = error.field;
  details.taskMayExist = error.taskMayExist;
  if (error.externalTaskId !== undefined) details.externalTaskId = error.externalTaskId;
  return details;
}

import { KlingError, type CreateResult, type GenerationRequest, type KlingClient } from '../../../core/index.js';

/**
 * Creates the task; with an external task id this node derived itself, a refusal because the id
 * is already used means an earlier try of this same node and item created the task (Retry On Fail
 * after the create): that task is read back by its external id and followed instead, unpaid again.
 * A user's own id is never taken over this way: it may belong to another workflow.
 */
export async function createOrRecover(
  client: KlingClient,
  request: GenerationRequest & { externalTaskId: string },
  idIsOurs: boolean,
  signal: AbortSignal,
): Promise<CreateResult> {
  try {
    return await client.create(request, { signal });
  } catch (error) {
    if (!idIsOurs || !isUsedExternalId(error)) throw error;
    const task = await client.getTaskByExternalId(request.externalTaskId, { product: request.product, signal });
    return {
      handle: task.handle,
      task,
      model: request.model,
      fallbackFrom: undefined,
      standard: task.standard,
      externalTaskId: request.externalTaskId,
      estimate: client.estimate(request),
      recovered: true,
    };
  }
}

/** Kling's refusal of a create whose external task id is already taken (HTTP 400, code 1201, "… already exists"). */
function isUsedExternalId(error: unknown): boolean {
  return error instanceof KlingError && error.code === 1201 && /already exist/i.test(error.message);
}

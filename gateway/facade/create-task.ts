import { KlingError, decodeCreate, type CreateResult, type Product, type Standard, type ValidRequest } from '../../core/index.js';
import type { TokenConfig } from '../config.js';
import { errorReply } from '../error-reply.js';
import type { GatewayContext } from '../gateway-context.js';
import { klingData, klingRefusal, type KlingReply } from '../kling-reply.js';
import { legacyCreateReply, newStandardCreateReply } from '../kling-records.js';
import { tokenBudget } from './token-budget.js';
import { upstreamExternalId } from './upstream-external-id.js';

/** A create as a client sent it: the standard and product of its path (and a new-standard path's model). */
export interface CreateCall {
  standard: Standard;
  product: Product;
  model?: string;
  body: Buffer;
}

/** Legacy fields the decoder accepts for old models but the engine does not carry: refused, never dropped silently. */
const NOT_FORWARDED = ['camera_control', 'static_mask', 'dynamic_masks'];

/** How long an external id stays reserved by a create that never reports back (a crashed replica). */
const CLAIM_TTL_MS = 10 * 60 * 1000;

/**
 * A create through the gateway: checked as Kling checks it (the catalog), against the token's
 * models, exactly once per token and external id, inside the token's budget and a shared slot
 * (waiting at most `slotWaitMs`, then Kling's 1303). The client's callback URL is kept here: Kling
 * calls the gateway, which calls the client. The answer has Kling's shape for the client's standard.
 */
export async function createTask(context: GatewayContext, token: TokenConfig, call: CreateCall, requestId: string): Promise<KlingReply> {
  const refuse = (reply: KlingReply, model?: string): KlingReply => {
    context.audit.record({
      event: 'create',
      token: token.name,
      outcome: 'refused',
      model,
      code: reply.body.code,
      detail: reply.body.message,
    });
    return reply;
  };
  let body: unknown;
  try {
    body = JSON.parse(call.body.toString('utf8'));
  } catch {
    return refuse(klingRefusal(requestId, 1200, 'the request body is not valid JSON'));
  }
  const dropped = typeof body === 'object' && body !== null ? NOT_FORWARDED.filter((field) => field in body) : [];
  if (dropped.length > 0) return refuse(klingRefusal(requestId, 1201, `${dropped.join(', ')}: not supported by this gateway`));
  let request: ValidRequest;
  try {
    request = decodeCreate({ standard: call.standard, product: call.product, model: call.model, body });
  } catch (error) {
    return refuse(errorReply(requestId, error));
  }
  if (token.models !== undefined && !token.models.includes(request.model)) {
    return refuse(
      klingRefusal(requestId, 1103, `token '${token.name}' may not use ${request.model} (allowed: ${token.models.join(', ')})`),
      request.model,
    );
  }

  const external = request.externalTaskId;
  if (external !== undefined) {
    const claim = await context.store.claimExternalId(token.name, external, CLAIM_TTL_MS);
    if (!claim.ok) return refuse(klingRefusal(requestId, 1201, `external_task_id '${external}' already exists`), request.model);
  }
  let created: CreateResult;
  try {
    created = await context.client.create(
      { ...request, externalTaskId: upstreamExternalId(token.name, external), callbackUrl: undefined },
      { budgets: tokenBudget(token), slotWaitMs: context.config.slotWaitMs },
    );
  } catch (error) {
    // A create that may have landed keeps nothing reserved either: a retry with the same id goes
    // upstream again with the same upstream id, and finds that task instead of making a second.
    if (external !== undefined) await context.store.releaseExternalId(token.name, external);
    if (error instanceof KlingError && error.kind === 'concurrency') context.metrics.refusedForConcurrency(token.name);
    if (error instanceof KlingError && error.kind === 'budget') context.metrics.refusedForBudget(token.name);
    if (!(error instanceof KlingError)) context.log('error', 'create failed', { token: token.name, error: String(error) });
    return refuse(errorReply(requestId, error), request.model);
  }

  const { task } = created;
  try {
    await context.store.saveOwner(
      {
        id: task.id,
        token: token.name,
        standard: call.standard,
        product: request.product,
        model: created.model,
        externalTaskId: external,
        callbackUrl: request.callbackUrl,
        createdAt: Date.now(),
      },
      task,
    );
  } catch (error) {
    // The task exists at Kling but is not recorded: the client may send the create again with
    // the same external id, which then finds this task upstream instead of making another.
    context.log('error', 'a created task could not be recorded', { token: token.name, task: task.id, error: String(error) });
    if (external !== undefined) await context.store.releaseExternalId(token.name, external).catch(() => undefined);
    return refuse(
      klingRefusal(
        requestId,
        5000,
        'the create could not be confirmed; a task may exist: send it again with the same external_task_id to find it',
      ),
      created.model,
    );
  }
  context.audit.record({
    event: 'create',
    token: token.name,
    outcome: 'ok',
    model: created.model,
    units: created.estimate.units,
    taskId: task.id,
    externalTaskId: external,
    ...(created.existing && { detail: 'found the task of an earlier create with this external id' }),
  });
  const view = { task, externalTaskId: external };
  return klingData(requestId, call.standard === 'new' ? newStandardCreateReply(view) : legacyCreateReply(view));
}

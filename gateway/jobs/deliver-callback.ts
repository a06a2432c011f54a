import { signWebhook } from '../../core/index.js';
import { recordView } from '../facade/read-tasks.js';
import type { GatewayContext } from '../gateway-context.js';
import { legacyRecord, newStandardRecord } from '../kling-records.js';
import type { Job } from '../store/gateway-store.js';
import type { JobOutcome } from './job-runner.js';

const ATTEMPT_TIMEOUT_MS = 15_000;
const MAX_RETRY_DELAY_MS = 10 * 60 * 1000;

/**
 * Delivers a finished task's callback to the URL its client gave, as Kling would: the bare task
 * record in the client's standard, signed with the token's own `whsec_` secret (Standard Webhooks).
 * The `webhook-id` is the same on every attempt and every replica, so a receiver that saw it drops
 * a repeat. Non-2xx answers are retried with a doubling delay, `callbacks.attempts` times in all.
 */
export async function deliverCallback(context: GatewayContext, job: Job): Promise<JobOutcome> {
  const task = await context.store.getTask(job.taskId);
  const { owner, state } = task;
  const token = owner === undefined ? undefined : context.tokens.get(owner.token);
  if (!owner || !state || owner.callbackUrl === undefined) return { done: true };
  if (!token) {
    context.log('warn', 'callback not delivered: its token is no longer configured', { task: owner.id });
    return { done: true };
  }
  const view = await recordView(context, { ...task, owner, state });
  const body = JSON.stringify(owner.standard === 'new' ? newStandardRecord(view) : legacyRecord(view));
  const webhookId = `msg_${owner.id}_${state.status}`;
  const timestamp = Math.floor(Date.now() / 1000);
  let outcome: string;
  try {
    const response = await fetch(owner.callbackUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'kling-gateway',
        'webhook-id': webhookId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(token.webhookSecret, webhookId, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
    await response.arrayBuffer().catch(() => undefined);
    outcome = String(response.status);
  } catch {
    outcome = 'network';
  }
  const delivered = /^2\d\d$/.test(outcome);
  const attempts = job.attempts + 1;
  const givingUp = !delivered && attempts >= context.config.callbacks.attempts;
  context.metrics.callbackDelivery(owner.token, delivered ? 'delivered' : givingUp ? 'given_up' : 'retried');
  context.audit.record({
    event: 'callback-delivery',
    token: owner.token,
    outcome: delivered ? 'ok' : givingUp ? 'given-up' : 'retrying',
    model: owner.model,
    taskId: owner.id,
    status: state.status,
    detail: `attempt ${attempts}: ${outcome === 'network' ? 'no answer' : `HTTP ${outcome}`}`,
  });
  if (delivered || givingUp) return { done: true };
  return { retryInMs: Math.min(MAX_RETRY_DELAY_MS, context.config.callbacks.retryDelayMs * 2 ** job.attempts) };
}

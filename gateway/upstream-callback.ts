import type { IncomingMessage } from 'node:http';
import { isFinal } from '../core/index.js';
import type { GatewayContext } from './gateway-context.js';

/**
 * Kling's callback to the gateway's one public URL (`<publicUrl>/kling/callback`). The engine
 * verifies it (the account's webhook secret; without one it reads the task from the API instead
 * of trusting the body) and applies it once; a final status then ends the task in the one replica
 * that applied it, which finishes it for its token.
 */
export async function upstreamCallback(
  context: GatewayContext,
  body: Buffer,
  headers: IncomingMessage['headers'],
): Promise<{ status: number; body: unknown }> {
  const result = await context.client.ingestCallback(body, headers);
  if (!result.accepted) {
    context.log('warn', 'callback refused', { status: result.status, reason: result.reason });
    return { status: result.status, body: { error: result.reason } };
  }
  const { task } = result;
  // A verified earlier status (processing) is what reads answer until the task ends.
  if (!isFinal(task.status)) await context.store.saveState(task.id, task);
  const { owner } = await context.store.getTask(task.id);
  if (owner) {
    context.audit.record({
      event: 'upstream-callback',
      token: owner.token,
      outcome: result.duplicate ? 'duplicate' : 'ok',
      model: owner.model,
      taskId: task.id,
      status: task.status,
      detail: `verified by ${result.verifiedBy}`,
    });
  }
  return { status: 200, body: { ok: true } };
}

import { KlingError } from '../errors/kling-error.js';
import { normalizeRecord } from '../task/normalize.js';
import type { Task } from '../task/types.js';
import { CallbackDeduper } from './dedupe.js';
import { parseCallbackBody } from './parse.js';
import { ReplayGuard } from './replay-guard.js';
import { DEFAULT_TOLERANCE_SECONDS, verifyWebhookSignature, type WebhookHeaders } from './verify-signature.js';

export interface CallbackIngesterOptions {
  /** Webhook secrets (`whsec_…`). Without any, a callback is only parsed: nothing trusts it. */
  secrets?: readonly string[];
  /** The clock in Unix **milliseconds**, like `Date.now` (the default). */
  now?: () => number;
  /** Called once per new status of a task whose callback verified; repeats and stale statuses are not passed on. */
  onTask: (task: Task) => void;
  /** Remembers statuses already seen; pass one to share it, or to size it. */
  deduper?: CallbackDeduper;
}

/**
 * What to answer the sender: 2xx for `accepted` (a duplicate too, so it is not re-sent), else
 * `status`. `verified: false` means no secret was configured: the body was only parsed, and is at
 * most a hint to read the task from the API.
 */
export type IngestResult =
  { accepted: true; task: Task; duplicate: boolean; verified: boolean } | { accepted: false; status: 400 | 401; reason: string };

export type CallbackIngester = (rawBody: string | Uint8Array, headers: WebhookHeaders) => IngestResult;

/**
 * Verify, parse, normalize, de-duplicate, hand over: one callback request in, one answer out. A
 * signed callback is accepted once: a replay of the same `webhook-id` inside the signature's
 * window is refused, however many other callbacks came in between.
 */
export function createCallbackIngester(options: CallbackIngesterOptions): CallbackIngester {
  const secrets = (options.secrets ?? []).filter((secret) => secret !== '');
  const now = options.now ?? Date.now;
  const deduper = options.deduper ?? new CallbackDeduper();
  const replays = new ReplayGuard();

  return (rawBody, headers) => {
    let signed: { webhookId: string; expiresAt: number } | undefined;
    if (secrets.length > 0) {
      const check = verifyWebhookSignature(rawBody, headers, secrets, { now: Math.floor(now() / 1000) });
      if (!check.ok) return { accepted: false, status: 401, reason: `signature check failed: ${check.reason}` };
      signed = { webhookId: check.webhookId, expiresAt: check.timestamp + DEFAULT_TOLERANCE_SECONDS };
    }

    let task: Task;
    try {
      const { record } = parseCallbackBody(decode(rawBody));
      task = normalizeRecord(record, { product: undefined });
    } catch (error) {
      if (error instanceof KlingError) return { accepted: false, status: 400, reason: error.message };
      throw error;
    }
    if (signed === undefined) return { accepted: true, task, duplicate: false, verified: false };

    // A replay is answered like any repeat (2xx, so an honest sender stops) but never acted on.
    if (!replays.admit(signed.webhookId, signed.expiresAt, Math.floor(now() / 1000)))
      return { accepted: true, task, duplicate: true, verified: true };
    if (!deduper.accept(task)) return { accepted: true, task, duplicate: true, verified: true };
    try {
      options.onTask(task);
    } catch (error) {
      // Not delivered: let a repeat of this callback through again.
      deduper.forget(task.id);
      replays.forget(signed.webhookId);
      throw error;
    }
    return { accepted: true, task, duplicate: false, verified: true };
  };
}

function decode(rawBody: string | Uint8Array): string {
  if (typeof rawBody === 'string') return rawBody;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(rawBody);
  } catch {
    throw KlingError.invalid('callback', 'the body is not valid UTF-8');
  }
}

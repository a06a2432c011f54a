import { KlingError } from '../errors/kling-error.js';
import { normalizeRecord } from '../task/normalize.js';
import type { Task } from '../task/types.js';
import { CallbackDeduper } from './dedupe.js';
import { parseCallbackBody } from './parse.js';
import { verifyWebhookSignature, type WebhookHeaders } from './verify-signature.js';

export interface CallbackIngesterOptions {
  /** Webhook secrets (`whsec_…`); when any is set, unsigned or badly signed callbacks are refused. */
  secrets?: readonly string[];
  /** The clock in Unix **milliseconds**, like `Date.now` (the default). */
  now?: () => number;
  /** Called once per new status of a task; repeats and stale statuses are not passed on. */
  onTask: (task: Task) => void;
  /** Remembers statuses already seen; pass one to share it, or to size it. */
  deduper?: CallbackDeduper;
}

/** What to answer the sender: 2xx for `accepted` (a duplicate too, so it is not re-sent), else `status`. */
export type IngestResult =
  | { accepted: true; task: Task; duplicate: boolean }
  | { accepted: false; status: 400 | 401; reason: string };

export type CallbackIngester = (rawBody: string | Uint8Array, headers: WebhookHeaders) => IngestResult;

/** Verify, parse, normalize, de-duplicate, hand over: one callback request in, one answer out. */
export function createCallbackIngester(options: CallbackIngesterOptions): CallbackIngester {
  const secrets = (options.secrets ?? []).filter((secret) => secret !== '');
  const now = options.now ?? Date.now;
  const deduper = options.deduper ?? new CallbackDeduper();

  return (rawBody, headers) => {
    if (secrets.length > 0) {
      const check = verifyWebhookSignature(rawBody, headers, secrets, { now: Math.floor(now() / 1000) });
      if (!check.ok) return { accepted: false, status: 401, reason: `signature check failed: ${check.reason}` };
    }

    let task: Task;
    try {
      const { record } = parseCallbackBody(decode(rawBody));
      task = normalizeRecord(record, { product: undefined });
    } catch (error) {
      if (error instanceof KlingError) return { accepted: false, status: 400, reason: error.message };
      throw error;
    }

    if (!deduper.accept(task)) return { accepted: true, task, duplicate: true };
    try {
      options.onTask(task);
    } catch (error) {
      // Not delivered: let a repeat of this callback through again.
      deduper.forget(task.id);
      throw error;
    }
    return { accepted: true, task, duplicate: false };
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

import { KlingError } from '../errors/kling-error.js';
import { isTransientFailure } from '../errors/transient.js';
import type { Sleep } from '../platform/timers.js';
import { backoffDelay } from './backoff.js';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** How to wait between attempts (the platform's timers). */
  sleep: Sleep;
}

/** Whether a failed read may simply be sent again: transient failures and 1302. */
export function isRetryableRead(error: unknown): boolean {
  return isTransientFailure(error) || (error instanceof KlingError && error.code === 1302);
}

/** Runs a read, retrying retryable failures with jittered exponential backoff. */
export async function withReadRetry<T>(read: () => Promise<T>, policy: RetryPolicy, signal?: AbortSignal): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await read();
    } catch (error) {
      if (attempt + 1 >= policy.attempts || !isRetryableRead(error) || signal?.aborted) throw error;
      await policy.sleep(backoffDelay(attempt, policy.baseDelayMs, policy.maxDelayMs), signal);
    }
  }
}

import { KlingError } from '../errors/kling-error.js';
import { backoffDelay, sleep } from './backoff.js';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Whether a failed read may simply be sent again: network errors, timeouts, 1302 and 5000–5002. */
export function isRetryableRead(error: unknown): boolean {
  if (!(error instanceof KlingError)) return false;
  if (error.kind === 'network' || error.kind === 'timeout') return true;
  return error.code === 1302 || error.code === 5000 || error.code === 5001 || error.code === 5002 || (error.kind === 'server' && error.code === undefined && error.retryable);
}

/** Runs a read, retrying retryable failures with jittered exponential backoff. */
export async function withReadRetry<T>(read: () => Promise<T>, policy: RetryPolicy, signal?: AbortSignal): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await read();
    } catch (error) {
      if (attempt + 1 >= policy.attempts || !isRetryableRead(error) || signal?.aborted) throw error;
      await sleep(backoffDelay(attempt, policy.baseDelayMs, policy.maxDelayMs), signal);
    }
  }
}

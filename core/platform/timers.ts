import type { Platform } from './platform.js';

/** A pause that a signal can cut short. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Resolves after `ms` on the platform's timers, or rejects with the signal's reason when it aborts first. */
export function sleep(platform: Pick<Platform, 'schedule'>, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = platform.schedule(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** An AbortSignal that fires after `ms` on the platform's timers, and a way to stop its timer. */
export function deadline(platform: Pick<Platform, 'schedule'>, ms: number): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const clear = platform.schedule(ms, () => controller.abort(new DeadlineError(ms)), { keepAlive: false });
  return { signal: controller.signal, clear };
}

export class DeadlineError extends Error {
  override readonly name = 'DeadlineError';

  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

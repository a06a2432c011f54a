import { KlingError } from '../errors/kling-error.js';
import type { ClientEventEmitter } from '../observability/events.js';
import type { Platform } from '../platform/platform.js';
import { deadline, sleep } from '../platform/timers.js';
import type { SlotStore } from '../state/slot-store.js';
import { backoffDelay } from '../transport/backoff.js';

export interface SchedulerOptions {
  platform: Platform;
  slots: SlotStore;
  backoffMs: () => number;
  maxBackoffMs?: number;
  /** How many 1303 refusals one create sits through before giving up. */
  maxRefusals?: number;
  events?: ClientEventEmitter;
}

/**
 * Runs creates inside a concurrency slot. A slot is taken before a create and held by the task
 * until it ends. A 1303 lowers the pool's capacity for everyone sharing the store and puts the
 * create back at the front of the queue after a jittered backoff.
 */
export class SlotScheduler {
  constructor(private readonly options: SchedulerOptions) {}

  /**
   * Runs `create` inside a slot of `pool`, handing it the lease (to record with the create).
   * Returns its result and the lease, which the caller frees when the task ends. Any error other
   * than 1303 frees the slot and is thrown.
   * With `maxWaitMs`, waiting for a slot (and backing off after 1303s) stops after that long with a
   * 1303-coded concurrency error, before anything is sent; a create already on the wire is never cut.
   */
  async run<T>(
    pool: string,
    configured: number,
    create: (lease: string) => Promise<T>,
    signal?: AbortSignal,
    maxWaitMs?: number,
  ): Promise<{ result: T; lease: string }> {
    const { slots } = this.options;
    const maxRefusals = this.options.maxRefusals ?? 30;
    const limit = maxWaitMs === undefined ? undefined : deadline(this.options.platform, maxWaitMs);
    // Waiting (for a slot, or out a backoff) stops at the deadline; the create itself only at `signal`.
    const waitSignal = limit === undefined ? signal : signal === undefined ? limit.signal : AbortSignal.any([signal, limit.signal]);
    const waitError = (error: unknown): unknown => (limit?.signal.aborted && !signal?.aborted ? noSlotWithin(maxWaitMs as number) : error);
    try {
      for (let refusal = 0; ; refusal += 1) {
        const lease = await slots.acquire(pool, configured, { signal: waitSignal, priority: refusal > 0 }).catch((error: unknown) => {
          throw waitError(error);
        });
        this.publish(pool);
        try {
          const result = await create(lease);
          await slots.accepted(pool);
          return { result, lease };
        } catch (error) {
          if (!(error instanceof KlingError && error.code === 1303)) {
            await slots.release(pool, lease);
            this.publish(pool);
            throw error;
          }
          await slots.refused(pool);
          await slots.release(pool, lease);
          if (refusal + 1 >= maxRefusals) {
            throw new KlingError({
              ...error,
              kind: 'concurrency',
              code: 1303,
              message: `${error.message} (still refused after ${maxRefusals} attempts)`,
              hint: 'The account runs as many tasks as its packs allow: wait for running tasks to end, or lower the concurrency setting.',
            });
          }
          slots.backingOff(pool, 1);
          this.publish(pool);
          try {
            await sleep(
              this.options.platform,
              backoffDelay(refusal, this.options.backoffMs(), this.options.maxBackoffMs ?? 30_000),
              waitSignal,
            );
          } catch (sleepError) {
            throw waitError(sleepError);
          } finally {
            slots.backingOff(pool, -1);
          }
        }
      }
    } finally {
      limit?.clear();
    }
  }

  publish(pool: string): void {
    const stats = this.options.slots.stats().find((candidate) => candidate.pool === pool);
    if (stats)
      this.options.events?.emit('queue', { pool: stats.pool, queued: stats.queued, inFlight: stats.inFlight, capacity: stats.capacity });
  }
}

/** Nothing was sent: every slot stayed taken for as long as the caller was willing to wait. */
function noSlotWithin(ms: number): KlingError {
  return new KlingError({
    kind: 'concurrency',
    code: 1303,
    retryable: true,
    message: `no concurrency slot became free within ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`}: the account runs as many tasks of this model as it allows. Nothing was created`,
    hint: 'Try again when running tasks have ended; nothing was sent or charged.',
  });
}

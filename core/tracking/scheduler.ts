import PQueue from 'p-queue';
import { KlingError } from '../errors/kling-error.js';
import type { ClientEventEmitter } from '../observability/events.js';
import { backoffDelay, sleep } from '../transport/backoff.js';

export interface PoolStats {
  pool: string;
  capacity: number;
  configured: number;
  /** Creates waiting for a slot, including those backing off after a 1303. */
  queued: number;
  /** Slots held: creates in flight plus tasks running. */
  inFlight: number;
  refusals: number;
}

/**
 * One pool of concurrency slots for an account × model version. A slot is taken before a create
 * and held until the task ends. When Kling refuses with 1303 the capacity drops to what the
 * account really allows, and grows back after a quiet period.
 */
class SlotPool {
  readonly queue: PQueue;
  backingOff = 0;
  refusals = 0;
  private lastRefusalAt = -Infinity;

  constructor(
    readonly name: string,
    readonly configured: number,
    private readonly recoverAfterMs: number,
    private readonly now: () => number,
  ) {
    this.queue = new PQueue({ concurrency: configured });
  }

  /** Resolves with a release function once a slot is free. */
  acquire(signal: AbortSignal | undefined, priority: number): Promise<() => void> {
    return new Promise((resolve, reject) => {
      this.queue
        .add(
          () =>
            new Promise<void>((release) => {
              let released = false;
              resolve(() => {
                if (!released) {
                  released = true;
                  release();
                }
              });
            }),
          { priority, signal },
        )
        .catch(reject);
    });
  }

  refused(): void {
    this.refusals += 1;
    this.lastRefusalAt = this.now();
    // The refused create still holds its slot here: the account allows the others, at most.
    this.queue.concurrency = Math.max(1, Math.min(this.queue.concurrency, this.queue.pending - 1));
  }

  accepted(): void {
    if (this.queue.concurrency < this.configured && this.now() - this.lastRefusalAt > this.recoverAfterMs) {
      this.queue.concurrency += 1;
    }
  }

  stats(): PoolStats {
    return {
      pool: this.name,
      capacity: this.queue.concurrency,
      configured: this.configured,
      queued: this.queue.size + this.backingOff,
      inFlight: this.queue.pending,
      refusals: this.refusals,
    };
  }
}

export interface SchedulerOptions {
  capacityFor: (model: string) => number;
  backoffMs: number;
  maxBackoffMs?: number;
  /** How many 1303 refusals one create sits through before giving up. */
  maxRefusals?: number;
  recoverAfterMs?: number;
  events?: ClientEventEmitter;
  now?: () => number;
}

/** Slot pools per account × model version, shared by every create of a client. */
export class SlotScheduler {
  private readonly pools = new Map<string, SlotPool>();

  constructor(private readonly options: SchedulerOptions) {}

  /**
   * Runs `create` inside a slot of `account`'s pool for `model`. Returns its result and the
   * function that frees the slot, to call when the task ends. A 1303 puts the create back in the
   * queue with backoff (from `backoffMs`, jittered); any other error frees the slot and is thrown.
   */
  async run<T>(account: string, model: string, create: () => Promise<T>, signal?: AbortSignal): Promise<{ result: T; release: () => void }> {
    const pool = this.pool(account, model);
    const maxRefusals = this.options.maxRefusals ?? 30;
    for (let refusal = 0; ; refusal += 1) {
      const release = await pool.acquire(signal, refusal > 0 ? 1 : 0);
      this.publish(pool);
      try {
        const result = await create();
        pool.accepted();
        return { result, release };
      } catch (error) {
        if (!(error instanceof KlingError && error.code === 1303)) {
          release();
          throw error;
        }
        pool.refused();
        release();
        if (refusal + 1 >= maxRefusals) {
          throw new KlingError({
            ...error,
            kind: 'concurrency',
            code: 1303,
            message: `${error.message} (still refused after ${maxRefusals} attempts)`,
            hint: 'The account runs as many tasks as its packs allow: wait for running tasks to end, or lower the concurrency setting.',
          });
        }
        pool.backingOff += 1;
        this.publish(pool);
        try {
          await sleep(backoffDelay(refusal, this.options.backoffMs, this.options.maxBackoffMs ?? 30_000), signal);
        } finally {
          pool.backingOff -= 1;
        }
      }
    }
  }

  stats(): PoolStats[] {
    return [...this.pools.values()].map((pool) => pool.stats());
  }

  private pool(account: string, model: string): SlotPool {
    const name = `${account}:${model}`;
    let pool = this.pools.get(name);
    if (!pool) {
      pool = new SlotPool(name, this.options.capacityFor(model), this.options.recoverAfterMs ?? 60_000, this.options.now ?? Date.now);
      pool.queue.on('next', () => this.publish(pool!));
      this.pools.set(name, pool);
    }
    return pool;
  }

  private publish(pool: SlotPool): void {
    const stats = pool.stats();
    this.options.events?.emit('queue', { pool: stats.pool, queued: stats.queued, inFlight: stats.inFlight, capacity: stats.capacity });
  }
}

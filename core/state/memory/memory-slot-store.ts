import type { PoolStats, SlotStore } from '../slot-store.js';
import type { StateContext } from '../state.js';

interface Waiter {
  grant: (lease: string) => void;
  done: boolean;
}

/** A pool: a counting semaphore whose capacity a 1303 lowers and quiet time restores. */
class Pool {
  capacity: number;
  readonly held = new Set<string>();
  /** Waiters in order; `head` moves instead of shifting the array. */
  private queue: Waiter[] = [];
  private head = 0;
  private readonly front: Waiter[] = [];
  refusals = 0;
  backingOff = 0;
  /** Waiters not yet granted nor cancelled. */
  waiting = 0;
  lastRefusalAt = -Infinity;

  constructor(
    readonly name: string,
    readonly configured: number,
  ) {
    this.capacity = configured;
  }

  enqueue(waiter: Waiter, priority: boolean): void {
    this.waiting += 1;
    if (priority) this.front.push(waiter);
    else this.queue.push(waiter);
  }

  /** A waiter gave up (its signal aborted): it is skipped when its turn comes. */
  cancel(waiter: Waiter): boolean {
    if (waiter.done) return false;
    waiter.done = true;
    this.waiting -= 1;
    return true;
  }

  /** Grants free slots to waiters, front first. */
  pump(newLease: () => string): void {
    while (this.held.size < this.capacity) {
      const waiter = this.next();
      if (!waiter) return;
      const lease = newLease();
      this.held.add(lease);
      waiter.done = true;
      this.waiting -= 1;
      waiter.grant(lease);
    }
  }

  private next(): Waiter | undefined {
    while (this.front.length > 0) {
      const waiter = this.front.shift() as Waiter;
      if (!waiter.done) return waiter;
    }
    while (this.head < this.queue.length) {
      const waiter = this.queue[this.head] as Waiter;
      this.head += 1;
      if (this.head === this.queue.length) {
        // Drained: start a fresh array, so served waiters (and their closures) are not kept.
        this.queue = [];
        this.head = 0;
      } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      if (!waiter.done) return waiter;
    }
    return undefined;
  }
}

const RECOVER_AFTER_MS = 60_000;

/** The embedded slot store: one process's pools, in memory. */
export class MemorySlotStore implements SlotStore {
  private readonly pools = new Map<string, Pool>();
  private sequence = 0;

  constructor(private readonly context: Pick<StateContext, 'now' | 'scale'>) {}

  acquire(poolName: string, configured: number, options: { signal?: AbortSignal; priority?: boolean } = {}): Promise<string> {
    const pool = this.pool(poolName, configured);
    const { signal } = options;
    return new Promise<string>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = (): void => {
        if (pool.cancel(waiter)) reject(signal?.reason);
      };
      const waiter: Waiter = {
        done: false,
        grant: (lease) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(lease);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      pool.enqueue(waiter, options.priority ?? false);
      pool.pump(() => this.newLease());
    });
  }

  async release(poolName: string, lease: string): Promise<void> {
    const pool = this.pools.get(poolName);
    if (!pool || !pool.held.delete(lease)) return;
    pool.pump(() => this.newLease());
  }

  async refused(poolName: string): Promise<void> {
    const pool = this.pools.get(poolName);
    if (!pool) return;
    pool.refusals += 1;
    pool.lastRefusalAt = this.context.now();
    // The refused create still holds its slot here: the account allows the others, at most.
    pool.capacity = Math.max(1, Math.min(pool.capacity, pool.held.size - 1));
  }

  async accepted(poolName: string): Promise<void> {
    const pool = this.pools.get(poolName);
    if (!pool || pool.capacity >= pool.configured) return;
    if (this.context.now() - pool.lastRefusalAt <= RECOVER_AFTER_MS * this.context.scale()) return;
    pool.capacity += 1;
    pool.pump(() => this.newLease());
  }

  backingOff(poolName: string, delta: 1 | -1): void {
    const pool = this.pools.get(poolName);
    if (pool) pool.backingOff += delta;
  }

  stats(): PoolStats[] {
    return [...this.pools.values()].map((pool) => ({
      pool: pool.name,
      capacity: pool.capacity,
      configured: pool.configured,
      queued: pool.waiting + pool.backingOff,
      inFlight: pool.held.size,
      refusals: pool.refusals,
    }));
  }

  private pool(name: string, configured: number): Pool {
    let pool = this.pools.get(name);
    if (!pool) this.pools.set(name, (pool = new Pool(name, configured)));
    return pool;
  }

  private newLease(): string {
    this.sequence += 1;
    return `m${this.sequence}`;
  }
}

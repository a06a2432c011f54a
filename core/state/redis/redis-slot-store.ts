import { randomUUID } from 'node:crypto';
import type { PoolStats, SlotStore } from '../slot-store.js';
import type { StateContext } from '../state.js';
import type { RedisConnection } from './connection.js';
import type { AccountKeys } from './keys.js';
import { ACCEPTED, ACQUIRE, HEARTBEAT, REFUSED, RELEASE, TAKE } from './slot-scripts.js';

/** A waiter of this process: its id is also the id of the lease it gets. */
interface LocalWaiter {
  id: string;
  pool: string;
  configured: number;
  priority: boolean;
  done: boolean;
  grant: () => void;
  fail: (error: unknown) => void;
}

/** [capacity, configured, held, queued, refusals], as every slot script ends its reply. */
type PoolState = [number, number, number, number, number];

const RECOVER_AFTER_MS = 60_000;

/**
 * The slot semaphore shared through Redis (see slot-scripts.ts): first come, first served across
 * processes, leases on the server's clock, a release wakes the next waiter at once through
 * pub/sub, and a 1303 lowers the pool's capacity for every process. Each waiting process vouches
 * for its waiters a few times per lease; a dead process's waiters leave the queue, and a slot
 * granted to one of them is given to the next waiter.
 */
export class RedisSlotStore implements SlotStore {
  /** Names this process's waiters and leases (`<token>.<n>`), for debugging and the benchmark. */
  readonly token: string;
  private sequence = 0;
  private readonly waiters = new Map<string, LocalWaiter>();
  private readonly pools = new Map<string, PoolStats & { backingOff: number }>();
  private subscription: Promise<() => void> | undefined;
  private cancelHeartbeat: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: AccountKeys,
    private readonly context: Pick<StateContext, 'schedule' | 'scale'>,
    /** How long a lease not yet recorded with its create, or a waiter, outlives its process's last word (ms). */
    private readonly leaseMs: () => number,
    label?: string,
  ) {
    const random = randomUUID().slice(0, 8);
    this.token = label ? `${label.replace(/[^\w-]/g, '_')}-${random}` : random;
  }

  async acquire(pool: string, configured: number, options: { signal?: AbortSignal; priority?: boolean } = {}): Promise<string> {
    const { signal } = options;
    signal?.throwIfAborted();
    // Subscribed before queueing, so that no grant announced for this waiter can be missed.
    this.subscription ??= this.redis.subscribe(this.keys.grantsChannel, (message) => this.onGranted(message));
    await this.subscription.catch((error: unknown) => {
      this.subscription = undefined;
      throw error;
    });
    this.sequence += 1;
    const id = `${this.token}.${this.sequence}`;
    return new Promise<string>((resolve, reject) => {
      const onAbort = (): void => {
        if (waiter.done) return;
        this.settle(waiter);
        // Leaves the queue, and gives back a slot granted meanwhile.
        void this.release(pool, id).catch(() => undefined);
        reject(signal?.reason);
      };
      const waiter: LocalWaiter = {
        id,
        pool,
        configured,
        priority: options.priority ?? false,
        done: false,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(id);
        },
        fail: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.set(id, waiter);
      this.pool(pool, configured);
      this.enqueue(waiter);
      this.armHeartbeat();
    });
  }

  async release(pool: string, lease: string): Promise<void> {
    const keys = this.keys.pool(pool);
    const state = await this.redis.run<PoolState>(RELEASE, poolKeys(keys), [lease, this.leaseMs(), this.keys.grantsChannel]);
    this.remember(pool, state);
  }

  async refused(pool: string): Promise<void> {
    const state = await this.redis.run<PoolState>(REFUSED, poolKeys(this.keys.pool(pool)), []);
    this.remember(pool, state);
  }

  async accepted(pool: string): Promise<void> {
    const known = this.pools.get(pool);
    // Nothing lowered it (as last seen): the common case costs no round trip.
    if (known && known.capacity >= known.configured) return;
    const recoverMs = RECOVER_AFTER_MS * this.context.scale();
    const state = await this.redis.run<PoolState>(ACCEPTED, poolKeys(this.keys.pool(pool)), [
      recoverMs,
      this.leaseMs(),
      this.keys.grantsChannel,
    ]);
    this.remember(pool, state);
  }

  backingOff(pool: string, delta: 1 | -1): void {
    const known = this.pools.get(pool);
    if (known) known.backingOff += delta;
  }

  stats(): PoolStats[] {
    return [...this.pools.values()].map(({ backingOff, ...stats }) => ({ ...stats, queued: stats.queued + backingOff }));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.cancelHeartbeat?.();
    for (const waiter of [...this.waiters.values()]) {
      this.settle(waiter);
      waiter.fail(this.redis.unavailable(new Error('the client was closed while this create waited for a slot')));
    }
    const unsubscribe = await this.subscription?.catch(() => undefined);
    unsubscribe?.();
  }

  /** Queues a waiter (again, when it lost its place); grants it at once if a slot is free. */
  private enqueue(waiter: LocalWaiter): void {
    const keys = this.keys.pool(waiter.pool);
    const args = [waiter.id, waiter.configured, waiter.priority ? 1 : 0, this.leaseMs(), this.leaseMs(), this.keys.grantsChannel];
    this.redis.run<[number, ...PoolState]>(ACQUIRE, poolKeys(keys), args).then(
      ([granted, ...state]) => {
        this.remember(waiter.pool, state as PoolState);
        if (granted === 1) this.grant(waiter);
      },
      (error: unknown) => this.failWaiter(waiter, error),
    );
  }

  /** Another process's release (or this one's) granted slots: take those that are ours. */
  private onGranted(message: string): void {
    for (const id of message.split(' ')) {
      const waiter = this.waiters.get(id);
      if (!waiter || waiter.done) continue;
      this.redis.run<number>(TAKE, poolKeys(this.keys.pool(waiter.pool)), [id]).then(
        (taken) => {
          if (taken === 1) this.grant(waiter);
          // Revoked meanwhile (this process was thought dead): queue again.
          else if (!waiter.done) this.enqueue(waiter);
        },
        (error: unknown) => this.failWaiter(waiter, error),
      );
    }
  }

  private grant(waiter: LocalWaiter): void {
    if (waiter.done) {
      // Granted after it gave up (aborted): the slot goes back.
      void this.release(waiter.pool, waiter.id).catch(() => undefined);
      return;
    }
    this.settle(waiter);
    waiter.grant();
  }

  private failWaiter(waiter: LocalWaiter, error: unknown): void {
    if (waiter.done) return;
    this.settle(waiter);
    // Fail closed: without Redis this process cannot know what the others hold.
    waiter.fail(this.redis.unavailable(error));
  }

  private settle(waiter: LocalWaiter): void {
    waiter.done = true;
    this.waiters.delete(waiter.id);
  }

  /** While this process has waiters, it vouches for them a few times per lease (one script per pool). */
  private armHeartbeat(): void {
    if (this.cancelHeartbeat || this.closed) return;
    // At least every second: the beat also gives a slot granted to a dead process's waiter to the next one.
    this.cancelHeartbeat = this.context.schedule(Math.max(100, Math.min(1_000, this.leaseMs() / 3)), () => {
      this.cancelHeartbeat = undefined;
      void this.beat().finally(() => {
        if (this.waiters.size > 0) this.armHeartbeat();
      });
    });
  }

  private async beat(): Promise<void> {
    const byPool = new Map<string, LocalWaiter[]>();
    for (const waiter of this.waiters.values()) {
      const list = byPool.get(waiter.pool) ?? [];
      list.push(waiter);
      byPool.set(waiter.pool, list);
    }
    await Promise.all(
      [...byPool].map(async ([pool, waiters]) => {
        const args = [this.leaseMs(), this.leaseMs(), this.keys.grantsChannel, ...waiters.map((waiter) => waiter.id)];
        let reply: number[];
        try {
          reply = await this.redis.run<number[]>(HEARTBEAT, poolKeys(this.keys.pool(pool)), args);
        } catch (error) {
          for (const waiter of waiters) this.failWaiter(waiter, error);
          return;
        }
        this.remember(pool, reply.slice(0, 5) as PoolState);
        waiters.forEach((waiter, index) => {
          const fate = reply[5 + index];
          if (fate === 1) this.grant(waiter);
          else if (fate === -1 && !waiter.done) this.enqueue(waiter);
        });
      }),
    );
  }

  private pool(name: string, configured: number): PoolStats & { backingOff: number } {
    let known = this.pools.get(name);
    if (!known) {
      known = { pool: name, capacity: configured, configured, queued: 0, inFlight: 0, refusals: 0, backingOff: 0 };
      this.pools.set(name, known);
    }
    return known;
  }

  private remember(name: string, [capacity, configured, held, queued, refusals]: PoolState): void {
    const known = this.pool(name, configured);
    Object.assign(known, { capacity, configured, inFlight: held, queued, refusals });
  }
}

function poolKeys(keys: ReturnType<AccountKeys['pool']>): string[] {
  return [keys.meta, keys.held, keys.queue, keys.alive, keys.grants];
}

/** A pool's state, as a metrics exporter shows it. */
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
 * Concurrency slots per account × model pool. A lease belongs to the Kling task, not to the
 * process that created it: a task keeps its slot at Kling after our process dies, so whoever
 * sees the task end frees it. Waiters are served first come, first served.
 *
 * In a store shared by several processes, a lease lives in two stages. Just granted, it expires
 * unless the create it was granted for is recorded (`TaskStore.beginCreate` with the slot): a
 * process that dies between the grant and that record cannot hold a slot for long. Once recorded,
 * the lease lives as long as the record: the pending create (kept alive by its process, adopted
 * by another when that process dies) and then the followed task, until whoever ends it frees it.
 */
export interface SlotStore {
  /**
   * Waits for a slot; resolves with a lease id. `configured` is the pool's capacity unless a 1303
   * lowered it. `priority` puts the waiter ahead of the queue (a create sent back after a 1303).
   */
  acquire(pool: string, configured: number, options?: { signal?: AbortSignal; priority?: boolean }): Promise<string>;
  /** Frees a lease (idempotent) and wakes the next waiter at once. */
  release(pool: string, lease: string): Promise<void>;
  /** Kling refused with 1303: the account allows fewer tasks than the pool thought, for everyone. */
  refused(pool: string): Promise<void>;
  /** A create was accepted: a lowered capacity may grow back after a quiet period. */
  accepted(pool: string): Promise<void>;
  /** The pools this process has used, as last seen. */
  stats(): PoolStats[];
  /** A waiter started backing off after a 1303 (or stopped): counted in `queued`. */
  backingOff(pool: string, delta: 1 | -1): void;
  close?(): Promise<void>;
}

import { KlingError } from '../../errors/kling-error.js';
import type { StateFactory } from '../state.js';
import { RedisConnection } from './connection.js';
import { AccountKeys } from './keys.js';
import { RedisBudgetLedger } from './redis-budget-ledger.js';
import { RedisEventBus } from './redis-event-bus.js';
import { RedisSlotStore } from './redis-slot-store.js';
import { RedisTaskStore } from './redis-task-store.js';

export interface RedisStateOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). */
  url: string;
  /**
   * How long a slot granted but not yet recorded with its create, a create in flight, or a waiter
   * outlives the last word of its process (default 30 000 ms; scaled like the client's polls
   * against a fast sandbox, never below 1 s). A dead process's slots are free again within it.
   */
  leaseMs?: number;
  /** Connect to a Redis Cluster through the node at `url`. */
  cluster?: boolean;
  /** Names this process in the ids of its waiters and leases (`<label>-<random>.<n>`), to tell whose slot is whose. */
  label?: string;
}

export const DEFAULT_LEASE_MS = 30_000;
const MIN_LEASE_MS = 1_000;

/** The lease a state with these options uses at a time scale (what `leaseMs` resolves to). */
export function leaseMsAt(options: Pick<RedisStateOptions, 'leaseMs'>, scale: number): number {
  return Math.max(MIN_LEASE_MS, (options.leaseMs ?? DEFAULT_LEASE_MS) * scale);
}

/**
 * Shared state on Redis, for processes that use one Kling account together (MCP replicas, services,
 * the gateway): one semaphore per model pool, the followed tasks, wake-ups and the budget.
 * ioredis is loaded on first use; if Redis cannot be reached, every operation fails with a
 * `KlingError` of kind `unavailable` and no create is sent (fail closed: see docs/scaling-out.md).
 */
export function redisState(options: RedisStateOptions): StateFactory {
  if (!/^rediss?:\/\/[^\s]+$/i.test(options.url)) {
    throw new KlingError({
      kind: 'invalid',
      field: 'redis',
      message: 'redis: the Redis URL must look like redis://host:6379 or rediss://host:6380 (TLS)',
      hint: 'Fix KLING_REDIS_URL (or the redis setting).',
    });
  }
  return (account, context) => {
    const connection = new RedisConnection({ url: options.url, cluster: options.cluster });
    const keys = new AccountKeys(account);
    const leaseMs = (): number => leaseMsAt(options, context.scale());
    const slots = new RedisSlotStore(connection, keys, context, leaseMs, options.label);
    const tasks = new RedisTaskStore(connection, keys, context, leaseMs);
    return {
      slots,
      tasks,
      bus: new RedisEventBus(connection, keys),
      budget: new RedisBudgetLedger(connection, keys),
      shared: true,
      async close() {
        await slots.close();
        await tasks.close();
        await connection.close();
      },
    };
  };
}

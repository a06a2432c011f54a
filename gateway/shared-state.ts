import { redisState, type StateFactory } from '../core/node.js';
import type { GatewayConfig } from './config.js';
import type { GatewayStore } from './store/gateway-store.js';
import { MemoryGatewayStore } from './store/memory-gateway-store.js';
import { RedisGatewayStore } from './store/redis-gateway-store.js';

/*
 * The state a gateway shares with its other replicas: the engine's (slots, followed tasks,
 * budgets, wake-ups) and its own (owners, external ids, jobs, rate limits). In this process's
 * memory by default; in Redis when `redis.url` (KLING_REDIS_URL) is set.
 */

/** The engine's state: Redis, its leases and waiters labelled with the replica's name; undefined for memory. */
export function engineState(config: GatewayConfig, replica: string): StateFactory | undefined {
  return config.redisUrl === undefined ? undefined : redisState({ url: config.redisUrl, label: replica });
}

/** The gateway's own store; `namespace` (the account's key) keeps gateways of different accounts apart in one Redis. */
export async function gatewayStore(config: GatewayConfig, namespace: string): Promise<GatewayStore> {
  return config.redisUrl === undefined ? new MemoryGatewayStore() : RedisGatewayStore.open(config.redisUrl, namespace);
}

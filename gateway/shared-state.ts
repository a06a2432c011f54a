import * as core from '../core/node.js';
import { KlingError, type StateFactory } from '../core/node.js';
import type { GatewayConfig } from './config.js';
import type { GatewayStore } from './store/gateway-store.js';
import { MemoryGatewayStore } from './store/memory-gateway-store.js';
import { RedisGatewayStore } from './store/redis-gateway-store.js';

type RedisStateFactory = (options: { url: string; label?: string }) => StateFactory;

/**
 * The state a gateway shares with its other replicas: the engine's (slots, followed tasks,
 * budgets, wake-ups: `state`) and its own (owners, external ids, jobs, rate limits: `store`). In
 * this process's memory by default; in Redis when `redis.url` (KLING_REDIS_URL) is set.
 */
export function engineState(config: GatewayConfig, replica: string): StateFactory | undefined {
  if (config.redisUrl === undefined) return undefined;
  const redisState = (core as Record<string, unknown>).redisState as RedisStateFactory | undefined;
  if (redisState === undefined) {
    throw new KlingError({ kind: 'invalid', field: 'redis', message: 'redis: this build of the engine has no Redis state', hint: 'Run without KLING_REDIS_URL (one replica).' });
  }
  return redisState({ url: config.redisUrl, label: replica });
}

/** The gateway's own store; `namespace` (the account's key) keeps gateways of different accounts apart in one Redis. */
export async function gatewayStore(config: GatewayConfig, namespace: string): Promise<GatewayStore> {
  return config.redisUrl === undefined ? new MemoryGatewayStore() : RedisGatewayStore.open(config.redisUrl, namespace);
}

import type { Logger, StateFactory } from '../core/index.js';
import type { GatewayConfig } from './config.js';
import type { GatewayStore } from './store/gateway-store.js';
import { MemoryGatewayStore } from './store/memory-gateway-store.js';

/**
 * The state a gateway shares with its other replicas: the engine's (slots, followed tasks,
 * budgets, wake-ups) and its own (owners, external ids, jobs, rate limits). In this process's
 * memory by default; in Redis when `redis.url` (KLING_REDIS_URL) is set.
 */
export async function openState(config: GatewayConfig, _log: Logger): Promise<{ state: StateFactory | undefined; store: GatewayStore }> {
  if (config.redisUrl !== undefined) {
    throw new Error('redis: shared state for several replicas is not available in this build yet');
  }
  return { state: undefined, store: new MemoryGatewayStore() };
}

import { redisState, type RedisStateOptions } from '../../core/state/redis/redis-state.js';
import type { StateContext, StateStores } from '../../core/state/state.js';

/** What a client hands its stores: the real clock and timers, scale 1. */
export const realContext: StateContext = {
  now: () => Date.now(),
  schedule: (ms, run) => {
    const timer = setTimeout(run, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
  scale: () => 1,
};

/** The stores one process would build for `account`: each call opens its own connections, like another process. */
export function openStores(url: string, account = 'acct', options: Omit<RedisStateOptions, 'url'> = {}): StateStores {
  return redisState({ url, ...options })(account, realContext);
}

export function deferred(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

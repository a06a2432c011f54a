import { redisState, type RedisStateOptions } from '../../core/state/redis/redis-state.js';
import type { StateContext, StateStores } from '../../core/state/state.js';
import { KlingClient, type ClientConfigInput } from '../../core/index.js';
import { DEMO_API_KEY, type Sandbox } from '../../sandbox/index.js';
import type { RedisServer } from './redis-server.js';

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

/** Sandbox clock for these tests: a kling-3.0-turbo task takes about 0.35 s. */
export const TIME_SCALE = 0.01;

/** A client as one process of a replicated service builds it: its own connections to the shared Redis. */
export function sharedClient(box: Sandbox, url: string, extra: Partial<ClientConfigInput> = {}, leaseMs?: number): KlingClient {
  return new KlingClient({
    auth: { type: 'apiKey', apiKey: DEMO_API_KEY },
    baseUrl: box.url,
    poll: { scale: TIME_SCALE, minIntervalMs: 1_000, maxIntervalMs: 30_000 },
    retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 50 },
    concurrencyBackoffMs: 10,
    state: redisState({ url, ...(leaseMs !== undefined && { leaseMs }) }),
    ...extra,
  });
}

/** What the shared state still holds: leases, followed tasks, creates in flight, queued waiters. */
export async function leftovers(redis: RedisServer): Promise<{ leases: number; tasks: number; creates: number; queued: number }> {
  const count = async (pattern: string, command: string): Promise<number> => {
    const keys = (await redis.command('KEYS', pattern)) as string[];
    let total = 0;
    for (const key of keys) total += (await redis.command(command, key)) as number;
    return total;
  };
  return {
    leases: await count('kling:v1:*:held', 'ZCARD'),
    tasks: await count('kling:v1:*:tasks', 'HLEN'),
    creates: await count('kling:v1:*:creates', 'HLEN'),
    queued: await count('kling:v1:*:queue', 'ZCARD'),
  };
}

/** Polls `check` until it returns true (or fails after `ms`). Never asserts on how long it took. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the condition was not met in time');
    await deferred(20);
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KlingClient, redisState } from '../../core/node.js';
import { DEMO_API_KEY, startSandbox, type Sandbox } from '../../sandbox/index.js';
import { startRedis, type RedisServer } from './redis-server.js';
import { deferred } from './support.js';

/**
 * A Redis Cluster refuses a script whose keys live in different hash slots (CROSSSLOT). One node
 * holding every slot is enough to prove that an account's keys share one (the hash tag).
 */
describe('on a Redis Cluster', () => {
  let redis: RedisServer;
  let box: Sandbox;
  const clients: KlingClient[] = [];

  beforeAll(async () => {
    redis = await startRedis({
      extraArgs: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-announce-ip', '127.0.0.1'],
    });
    await redis.command('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
    while (!String(await redis.command('CLUSTER', 'INFO')).includes('cluster_state:ok')) await deferred(50);
    box = await startSandbox({ port: 0, timeScale: 0.01, seed: 2, concurrency: 2 });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await box?.stop();
    await redis?.stop();
  });

  it('runs every script of an account on one slot: slots, tasks, creates, budget and wake-ups work across processes', async () => {
    for (let index = 0; index < 2; index += 1) {
      clients.push(
        new KlingClient({
          auth: { type: 'apiKey', apiKey: DEMO_API_KEY },
          baseUrl: box.url,
          concurrency: 2,
          poll: { scale: 0.01 },
          budget: { maxUnitsPerDay: 100 },
          state: redisState({ url: redis.url, cluster: true }),
        }),
      );
    }
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        (clients[index % 2] as KlingClient).generate(
          { model: 'kling-3.0-turbo', prompt: `cluster ${index}`, duration: 3 },
          { timeoutMs: 30_000 },
        ),
      ),
    );
    expect(results.every(({ result }) => result.done && result.task.status === 'succeeded')).toBe(true);
    expect(box.stats().requests.byCode['1303'] ?? 0).toBe(0);
    const keys = (await redis.command('KEYS', 'kling:v1:*')) as string[];
    expect(keys.length).toBeGreaterThan(3);
    const slots = new Set(await Promise.all(keys.map((key) => redis.command('CLUSTER', 'KEYSLOT', key))));
    expect(slots.size).toBe(1);
  });
});

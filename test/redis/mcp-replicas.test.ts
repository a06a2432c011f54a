import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import type { Sandbox } from '../../sandbox/index.js';
import {
  buildServer,
  connectHttp,
  freePort,
  sandboxEnv,
  sandboxForTests,
  SETUP_TIMEOUT_MS,
  startHttpServer,
  structured,
  type HttpServerProcess,
} from '../mcp/helpers.js';
import { startRedis, type RedisServer } from './redis-server.js';
import { leftovers } from './support.js';

const WEBHOOK_SECRET = 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0MTI=';

describe('two kling-mcp --http replicas on one Redis', () => {
  let redis: RedisServer;
  let sandbox: Sandbox;
  const replicas: HttpServerProcess[] = [];
  const clients: Client[] = [];

  beforeAll(async () => {
    await buildServer();
    redis = await startRedis();
    sandbox = await sandboxForTests({ concurrency: 2, webhookSecret: WEBHOOK_SECRET });
    const ports = [await freePort(), await freePort()];
    for (const [index, port] of ports.entries()) {
      // Each replica's callbacks go to the other one: a wait ends on a callback another process received.
      const other = ports[1 - index] as number;
      const env = sandboxEnv(sandbox, 0.05, {
        KLING_REDIS_URL: redis.url,
        KLING_CONCURRENCY: '2',
        KLING_WEBHOOK_SECRET: WEBHOOK_SECRET,
        KLING_PUBLIC_URL: `http://127.0.0.1:${other}`,
        KLING_LOG_LEVEL: 'info',
      });
      replicas.push(await startHttpServer(env, ['--port', String(port)]));
    }
    for (const replica of replicas) clients.push(await connectHttp(replica.url));
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await Promise.all(replicas.map((replica) => replica.close()));
    await sandbox?.stop();
    await redis?.stop();
  });

  it('8 concurrent generate_video calls spread over both replicas: no 1303 at Kling, each call ends with its video', async () => {
    const calls = Array.from({ length: 8 }, (_, index) =>
      (clients[index % 2] as Client).callTool({
        name: 'generate_video',
        arguments: { model: 'kling-3.0-turbo', prompt: `replica job ${index}`, duration: 3, wait_seconds: 45 },
      }),
    );
    const results = await Promise.all(calls);
    for (const result of results) {
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      expect(structured(result)).toMatchObject({ status: 'succeeded', done: true });
      expect(JSON.stringify(structured(result))).toMatch(/\/files\/[^"]+\.mp4/);
    }
    const stats = sandbox.stats();
    expect(stats.requests.byCode['1303'] ?? 0).toBe(0);
    expect(Math.max(...Object.values(stats.concurrency).map((pool) => pool.peak))).toBe(2);
    expect(stats.creates.accepted).toBe(8);
    // Both replicas created tasks (and each received the callbacks of the other one's).
    for (const replica of replicas) expect(replica.stderr()).toMatch(/task created/);
    await sandbox.callbacksIdle();
    expect(stats.callbacks.failed).toBe(0);
    expect(await leftovers(redis)).toEqual({ leases: 0, tasks: 0, creates: 0, queued: 0 });
  });
});

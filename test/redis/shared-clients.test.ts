import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KlingError, type KlingClient, type WaitResult } from '../../core/index.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { startRedis, type RedisServer } from './redis-server.js';
import { leftovers, openStores, sharedClient, TIME_SCALE } from './support.js';

let redis: RedisServer;
let box: Sandbox | undefined;
const clients: KlingClient[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await box?.stop();
  box = undefined;
  await redis.command('FLUSHALL');
});
afterAll(async () => {
  await redis?.stop();
});

async function sandbox(concurrency: number, options: { manualClock?: boolean } = {}): Promise<Sandbox> {
  box = await startSandbox({ port: 0, timeScale: TIME_SCALE, seed: 5, concurrency, ...options });
  return box;
}

/** `count` processes' clients on one Redis (each with its own connections, as separate processes have). */
function processes(count: number, extra: Parameters<typeof sharedClient>[2] = {}): KlingClient[] {
  const made = Array.from({ length: count }, () => sharedClient(box as Sandbox, redis.url, extra));
  clients.push(...made);
  return made;
}

const turbo = (index: number) => ({ model: 'kling-3.0-turbo', prompt: `shared job ${index}`, duration: 3 }) as const;

describe('processes sharing one Redis', () => {
  it('keep the account under its concurrency limit together: no 1303, every task ends, nothing is left held', async () => {
    const sandboxed = await sandbox(3);
    const three = processes(3, { concurrency: 3 });
    const results = await Promise.all(
      Array.from({ length: 18 }, (_, index) => (three[index % 3] as KlingClient).generate(turbo(index), { timeoutMs: 60_000 })),
    );
    expect(results.every(({ result }) => result.done && result.task.status === 'succeeded')).toBe(true);
    const stats = sandboxed.stats();
    expect(stats.requests.byCode['1303'] ?? 0).toBe(0);
    expect(Math.max(...Object.values(stats.concurrency).map((pool) => pool.peak))).toBe(3);
    expect(stats.creates.accepted).toBe(18);
    expect(await leftovers(redis)).toEqual({ leases: 0, tasks: 0, creates: 0, queued: 0 });
  });

  it('reserve a shared daily budget atomically: 10 concurrent 1.5-unit creates under a 3-unit limit create exactly 2 tasks', async () => {
    const sandboxed = await sandbox(5);
    const three = processes(3, { budget: { maxUnitsPerDay: 3 } });
    const request = { model: 'kling-2.6', prompt: 'a lighthouse at dusk', duration: 5, resolution: '720p' } as const;
    expect((three[0] as KlingClient).estimate(request).units).toBe(1.5);
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, index) => (three[index % 3] as KlingClient).create(request)));
    const created = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
    expect(created).toHaveLength(2);
    expect(refused).toHaveLength(8);
    for (const error of refused) expect(error).toMatchObject({ kind: 'budget' });
    expect(sandboxed.stats().creates.accepted).toBe(2);
  });

  it('a task created by one process ends once, freed by whichever process sees it end, and wakes its waiter in the creating process', async () => {
    await sandbox(2);
    const [creator, other] = processes(2);
    const ended: string[] = [];
    for (const client of [creator, other] as KlingClient[]) client.events.on('task-ended', (event) => ended.push(event.handle));
    const created = await (creator as KlingClient).create(turbo(1));
    // The other process reads it (as a callback hint or a user's task lookup would) until it is final.
    let task = await (other as KlingClient).getTask(created.handle);
    while (task.status !== 'succeeded') task = await (other as KlingClient).getTask(created.handle);
    const waited = await (creator as KlingClient).wait(created.handle, { timeoutMs: 30_000 });
    expect(waited).toMatchObject({ done: true, task: { status: 'succeeded' } });
    expect(ended).toEqual([created.handle]);
    expect(await leftovers(redis)).toMatchObject({ leases: 0, tasks: 0 });
  });

  it('a waiter whose "task ended" message was lost (its Redis subscriber reconnecting) ends with the task, not at its timeout', async () => {
    const sandboxed = await sandbox(2, { manualClock: true });
    const [creator, other] = processes(2) as [KlingClient, KlingClient];
    const created = await creator.create(turbo(1));
    let waiting: Promise<WaitResult> | undefined;
    // The first progress report comes once the waiter is registered.
    await new Promise<void>((registered) => {
      waiting = other.wait(created.handle, { timeoutMs: 20_000, onProgress: () => registered() });
    });
    // Every subscriber connection drops; ioredis reconnects 200 ms later, after the message below.
    expect(Number(await redis.command('CLIENT', 'KILL', 'TYPE', 'pubsub'))).toBeGreaterThanOrEqual(2);
    sandboxed.advanceClock(60_000);
    expect((await creator.getTask(created.handle)).status).toBe('succeeded');
    expect(await waiting).toMatchObject({ done: true, task: { status: 'succeeded' } });
    expect(await leftovers(redis)).toMatchObject({ leases: 0, tasks: 0 });
  });
});

describe('when Redis cannot be reached', () => {
  it('refuses creates with a clear error and sends nothing to Kling (fail closed)', async () => {
    const sandboxed = await sandbox(5);
    const nowhere = await startRedis();
    const url = nowhere.url;
    await nowhere.stop();
    const client = sharedClient(sandboxed, url);
    clients.push(client);
    const error = await client.create(turbo(1)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KlingError);
    expect(error).toMatchObject({ kind: 'unavailable', retryable: true, taskMayExist: false });
    expect((error as KlingError).message).toContain(`Redis at 127.0.0.1:${new URL(url).port}`);
    expect((error as KlingError).hint).toMatch(/KLING_REDIS_URL/);
    expect(sandboxed.stats().creates.accepted).toBe(0);
    expect(sandboxed.stats().requests.byRoute['POST /{product}/{model}'] ?? {}).toEqual({});
  });

  it('refuses creates once Redis goes away mid-run, and never names the password of the URL', async () => {
    const sandboxed = await sandbox(5);
    const own = await startRedis({ extraArgs: ['--requirepass', 'canary-redis-password'] });
    const client = sharedClient(sandboxed, `redis://:canary-redis-password@127.0.0.1:${own.port}`);
    clients.push(client);
    const first = await client.generate(turbo(1), { timeoutMs: 30_000 });
    expect(first.result.done).toBe(true);
    await own.stop();
    const error = (await client.create(turbo(2)).catch((caught: unknown) => caught)) as KlingError;
    expect(error).toMatchObject({ kind: 'unavailable' });
    expect(JSON.stringify(error.toJSON())).not.toContain('canary-redis-password');
    expect(sandboxed.stats().creates.accepted).toBe(1);
  });
});

describe('callbacks across processes', () => {
  it('a signed callback delivered to every process is acted on once: one end, one slot freed, the budget settled with the real cost', async () => {
    const secret = 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0MTI=';
    const receivers: KlingClient[] = [];
    // Stands for a load balancer that repeats each callback on every replica.
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', async () => {
        const body = Buffer.concat(chunks);
        const outcomes = await Promise.all(receivers.map((client) => client.ingestCallback(body, request.headers)));
        response.writeHead(outcomes.every((outcome) => outcome.accepted) ? 200 : 500).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      box = await startSandbox({ port: 0, timeScale: 0.05, seed: 5, concurrency: 5, webhookSecret: secret });
      const callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kling/callback`;
      receivers.push(...processes(3, { callbackUrl, webhookSecrets: [secret], budget: { maxUnitsPerDay: 100 } }));
      const ended: string[] = [];
      for (const client of receivers) client.events.on('task-ended', (event) => ended.push(event.handle));
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, index) => (receivers[index % 3] as KlingClient).generate(turbo(index), { timeoutMs: 60_000 })),
      );
      expect(results.every(({ result }) => result.done)).toBe(true);
      await (box as Sandbox).callbacksIdle();
      expect(ended.sort()).toEqual(results.map(({ created }) => created.handle).sort());
      expect((box as Sandbox).stats().callbacks.failed).toBe(0);
      expect(await leftovers(redis)).toEqual({ leases: 0, tasks: 0, creates: 0, queued: 0 });
      const ledger = openStores(redis.url, (receivers[0] as KlingClient).accountKey);
      expect(await ledger.budget.spent((receivers[0] as KlingClient).accountKey, 24 * 60 * 60 * 1000)).toBeCloseTo(6 * 2.4, 6);
      await ledger.close();
    } finally {
      server.close();
    }
  });
});

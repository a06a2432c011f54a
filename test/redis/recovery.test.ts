import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KlingClient } from '../../core/index.js';
import type { StateStores } from '../../core/state/state.js';
import { DEMO_ACCESS_KEY, DEMO_API_KEY, DEMO_SECRET_KEY, startSandbox, type Sandbox } from '../../sandbox/index.js';
import { startRedis, type RedisServer } from './redis-server.js';
import { eventually, leftovers, openStores, sharedClient } from './support.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Slower tasks than the other files: about 1.5 s, so a process can stop while they run. */
const SCALE = 0.05;

let redis: RedisServer;
let box: Sandbox;
const clients: KlingClient[] = [];
const stores: StateStores[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  // Some were closed by the test already (a process that stopped).
  await Promise.all(clients.splice(0).map((client) => client.close().catch(() => undefined)));
  await Promise.all(stores.splice(0).map((opened) => opened.close()));
  await box?.stop();
  await redis.command('FLUSHALL');
});
afterAll(async () => {
  await redis?.stop();
});

function client(extra: Parameters<typeof sharedClient>[2] = {}, leaseMs?: number): KlingClient {
  const made = sharedClient(
    box,
    redis.url,
    { poll: { scale: SCALE, minIntervalMs: 1_000, maxIntervalMs: 30_000 }, budget: { maxUnitsPerDay: 100 }, ...extra },
    leaseMs,
  );
  clients.push(made);
  return made;
}

const turbo = (prompt: string) => ({ model: 'kling-3.0-turbo', prompt, duration: 3 }) as const;

/** Units the account's ledger holds for the day, read through stores of its own. */
async function spentToday(account: string): Promise<number> {
  const reader = openStores(redis.url, account);
  stores.push(reader);
  return reader.budget.spent(account, DAY_MS);
}

describe('recovery on a shared Redis', () => {
  it('a process started on the same Redis adopts the tasks of a process that stopped: it ends them, frees their slots and wakes waiters', async () => {
    box = await startSandbox({ port: 0, timeScale: SCALE, seed: 3, concurrency: 5 });
    const first = client();
    const created = await Promise.all([first.create(turbo('one')), first.create(turbo('two'))]);
    // The first process stops without a word (its records stay, its slots are held by its tasks).
    await first.close();
    expect(await leftovers(redis)).toMatchObject({ leases: 2, tasks: 2 });

    const second = client();
    const ended: string[] = [];
    second.events.on('task-ended', (event) => ended.push(event.handle));
    const waited = await second.wait((created[0] as { handle: string }).handle, { timeoutMs: 30_000 });
    expect(waited).toMatchObject({ done: true, task: { status: 'succeeded' } });
    await eventually(() => ended.length === 2);
    expect(ended.sort()).toEqual(created.map((result) => result.handle).sort());
    expect(await leftovers(redis)).toEqual({ leases: 0, tasks: 0, creates: 0, queued: 0 });
  });

  it('adopts the creates of a process that died mid-create: follows the task Kling has, frees the slot and budget of the one it has not', async () => {
    box = await startSandbox({ port: 0, timeScale: SCALE, seed: 3, concurrency: 5 });
    const survivor = client({}, 1_000);
    const account = survivor.accountKey;
    const pool = `${account}:kling-3.0-turbo`;
    // What a process leaves behind when it dies after recording its creates: one POST landed, one did not.
    const dead = openStores(redis.url, account, { leaseMs: 1_000 });
    for (const externalTaskId of ['landed-1', 'never-sent-1']) {
      const lease = await dead.slots.acquire(pool, 5);
      await dead.budget.reserve(account, externalTaskId, 2.4, 100, DAY_MS);
      await dead.tasks.beginCreate({
        externalTaskId,
        startedAt: Date.now(),
        standard: 'new',
        product: 'text-to-video',
        route: { via: 'tasks' },
        expectedMs: 35_000 * SCALE,
        callback: false,
        slot: { pool, lease },
        budget: { key: externalTaskId, scopes: [account] },
      });
    }
    const plain = new KlingClient({ auth: { type: 'apiKey', apiKey: DEMO_API_KEY }, baseUrl: box.url, poll: { scale: SCALE } });
    const landed = await plain.create({ ...turbo('landed'), externalTaskId: 'landed-1' });
    await plain.close();
    await dead.close();

    const ended: string[] = [];
    survivor.events.on('task-ended', (event) => ended.push(event.handle));
    await eventually(() => ended.length === 1);
    expect(ended).toEqual([landed.handle]);
    await eventually(async () => (await leftovers(redis)).leases === 0);
    expect(await leftovers(redis)).toEqual({ leases: 0, tasks: 0, creates: 0, queued: 0 });
    // The landed task's reservation was settled with what it cost; the other one's released.
    expect(await spentToday(account)).toBeCloseTo(2.4, 6);
  });

  it('rebuilds from the Kling task list when Redis lost its data: follows the running tasks and restores the day’s spending', async () => {
    box = await startSandbox({ port: 0, timeScale: SCALE, seed: 3, concurrency: 5 });
    const before = client();
    const done = await before.generate(turbo('finished before the loss'), { timeoutMs: 30_000 });
    expect(done.result.done).toBe(true);
    const running = await before.create(turbo('running during the loss'));
    await before.close();
    await redis.command('FLUSHALL');
    box.resetStats();

    const after = client();
    const waited = await after.wait(running.handle, { timeoutMs: 30_000 });
    expect(waited).toMatchObject({ done: true, task: { status: 'succeeded' } });
    expect(box.stats().requests.byRoute['POST /tasks']).toEqual({ '0': 1 });
    await eventually(async () => (await spentToday(after.accountKey)) > 4);
    expect(await spentToday(after.accountKey)).toBeCloseTo(4.8, 6);
  });

  it('rebuilds with access key + secret key from the legacy list reads', async () => {
    box = await startSandbox({ port: 0, timeScale: SCALE, seed: 3, concurrency: 5 });
    const auth = { type: 'accessKey', accessKey: DEMO_ACCESS_KEY, secretKey: DEMO_SECRET_KEY } as const;
    const before = client({ auth });
    const legacy = { model: 'kling-2.6', prompt: 'a lighthouse at dusk', duration: 5 } as const;
    const running = await before.create(legacy);
    await before.close();
    await redis.command('FLUSHALL');

    const after = client({ auth });
    const ended: string[] = [];
    after.events.on('task-ended', (event) => ended.push(event.handle));
    const waited = await after.wait(running.handle, { timeoutMs: 30_000 });
    expect(waited).toMatchObject({ done: true, task: { status: 'succeeded' } });
    expect(box.stats().requests.byRoute['GET /v1/videos/{product}']?.['0']).toBeGreaterThan(0);
    expect(await leftovers(redis)).toMatchObject({ tasks: 0 });
  });
});

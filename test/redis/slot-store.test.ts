import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StateStores } from '../../core/state/state.js';
import { startRedis, type RedisServer } from './redis-server.js';
import { deferred, openStores } from './support.js';

let redis: RedisServer;
const open: StateStores[] = [];
let account = 0;

/** N processes' stores on one fresh account (a long lease: nothing here waits for a heartbeat). */
function processes(count: number, leaseMs = 600_000, same = false): StateStores[] {
  if (!same) account += 1;
  const stores = Array.from({ length: count }, () => openStores(redis.url, `acct-${account}`, { leaseMs }));
  open.push(...stores);
  return stores;
}

beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((stores) => stores.close()));
});
afterAll(async () => {
  await redis?.stop();
});

describe('the Redis slot semaphore', () => {
  it('serves waiters of several processes first come, first served, and a release wakes the next one in another process', async () => {
    const [a, b, c] = processes(3) as [StateStores, StateStores, StateStores];
    const first = await a.slots.acquire('pool', 1);
    const order: string[] = [];
    const waiting: Promise<string>[] = [];
    // b, c, a, b, c queue in this order (each queued before the next asks).
    for (const [name, stores] of [
      ['b', b],
      ['c', c],
      ['a', a],
      ['b', b],
      ['c', c],
    ] as const) {
      waiting.push(stores.slots.acquire('pool', 1).then((lease) => (order.push(name), lease)));
      await deferred(30);
    }
    let lease = first;
    let holder = a;
    const holders = [b, c, a, b, c];
    for (let index = 0; index < waiting.length; index += 1) {
      await holder.slots.release('pool', lease);
      lease = await (waiting[index] as Promise<string>);
      holder = holders[index] as StateStores;
    }
    await holder.slots.release('pool', lease);
    expect(order).toEqual(['b', 'c', 'a', 'b', 'c']);
  });

  it('never grants more than the capacity across processes', async () => {
    const stores = processes(3);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 30 }, async (_, index) => {
        const slots = (stores[index % 3] as StateStores).slots;
        const lease = await slots.acquire('pool', 4);
        running += 1;
        peak = Math.max(peak, running);
        await deferred(5 + (index % 4) * 5);
        running -= 1;
        await slots.release('pool', lease);
      }),
    );
    expect(peak).toBe(4);
  });

  it('puts a create sent back after a 1303 ahead of the queue', async () => {
    const [a, b] = processes(2) as [StateStores, StateStores];
    const held = await a.slots.acquire('pool', 1);
    const order: string[] = [];
    const normal = b.slots.acquire('pool', 1).then((lease) => (order.push('normal'), lease));
    await deferred(30);
    const priority = a.slots.acquire('pool', 1, { priority: true }).then((lease) => (order.push('priority'), lease));
    await deferred(30);
    await a.slots.release('pool', held);
    await a.slots.release('pool', await priority);
    await b.slots.release('pool', await normal);
    expect(order).toEqual(['priority', 'normal']);
  });

  it('lowers the capacity for every process after a 1303', async () => {
    const [a, b] = processes(2) as [StateStores, StateStores];
    const leases = await Promise.all([a.slots.acquire('pool', 3), a.slots.acquire('pool', 3), b.slots.acquire('pool', 3)]);
    // Kling refused the create holding the third slot: the account allows the two others.
    await b.slots.refused('pool');
    await b.slots.release('pool', leases[2] as string);
    let granted = false;
    const next = b.slots.acquire('pool', 3).then((lease) => ((granted = true), lease));
    await deferred(100);
    expect(granted).toBe(false);
    expect(b.slots.stats()[0]).toMatchObject({ capacity: 2, configured: 3, inFlight: 2, refusals: 1 });
    await a.slots.release('pool', leases[0] as string);
    await b.slots.release('pool', await next);
    await a.slots.release('pool', leases[1] as string);
  });

  it('gives a waiter that gives up no slot, and the slot to the next one', async () => {
    const [a, b] = processes(2) as [StateStores, StateStores];
    const held = await a.slots.acquire('pool', 1);
    const controller = new AbortController();
    const abandoned = b.slots.acquire('pool', 1, { signal: controller.signal });
    const next = a.slots.acquire('pool', 1);
    await deferred(30);
    controller.abort(new Error('caller went away'));
    await expect(abandoned).rejects.toThrow('caller went away');
    await a.slots.release('pool', held);
    await a.slots.release('pool', await next);
  });

  it('frees a slot granted to a process that died before recording its create within the lease, and drops its waiters', async () => {
    const [survivor] = processes(1, 1_000) as [StateStores];
    const [dead] = processes(1, 1_000, true) as [StateStores];
    // The dead process: a lease it never recorded, and a waiter queued behind it; then it stops talking.
    const orphan = await dead.slots.acquire('pool', 1);
    expect(orphan).toMatch(/\./);
    const queued = dead.slots.acquire('pool', 1).catch(() => undefined);
    await deferred(30);
    await dead.close();
    await queued;
    // The survivor gets the slot once the orphan lease expired, not the dead waiter.
    const lease = await survivor.slots.acquire('pool', 1);
    await survivor.slots.release('pool', lease);
  });
});

import { describe, expect, it } from 'vitest';
import { KlingError } from '../../core/index.js';
import { nodePlatform } from '../../core/node.js';
import { MemorySlotStore } from '../../core/state/memory/memory-slot-store.js';
import { SlotScheduler } from '../../core/tracking/scheduler.js';

const refused = (): KlingError => KlingError.fromCode(1303, 'parallel task over resource pack limit');
const platform = nodePlatform();

describe('slot scheduler', () => {
  it('learns the account limit from 1303 refusals, queues the rest, and grows back after a quiet period', async () => {
    let now = 0;
    const slots = new MemorySlotStore({ now: () => now, scale: () => 1 / 60 });
    const scheduler = new SlotScheduler({ platform, slots, backoffMs: () => 1, maxBackoffMs: 2 });
    let running = 0;
    let peak = 0;
    const accountLimit = 2;
    const create = async (): Promise<string> => {
      if (running >= accountLimit) throw refused();
      running += 1;
      peak = Math.max(peak, running);
      return 'task';
    };
    const releases: (() => void)[] = [];
    let started = 0;
    const runs = Array.from({ length: 6 }, () =>
      scheduler.run('account:kling-3.0-turbo', 6, create).then(({ lease }) => {
        started += 1;
        releases.push(() => {
          running -= 1;
          void slots.release('account:kling-3.0-turbo', lease);
        });
      }),
    );
    // Let the first creates land and the others be refused.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(slots.stats()[0]).toMatchObject({ capacity: 2, configured: 6 });
    expect(slots.stats()[0]!.refusals).toBeGreaterThan(0);
    // End tasks one by one: every queued create gets its turn, never more than the account allows.
    while (started < 6 || running > 0) {
      const release = releases.shift();
      release?.();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await Promise.all(runs);
    expect(peak).toBe(2);
    // After a quiet period (60 s × scale), an accepted create lets the capacity grow back by one.
    now += 5_000;
    const { lease } = await scheduler.run('account:kling-3.0-turbo', 6, create);
    await slots.release('account:kling-3.0-turbo', lease);
    expect(slots.stats()[0]!.capacity).toBe(3);
  });

  it('gives up with a concurrency error after the configured number of refusals, freeing its slot', async () => {
    const slots = new MemorySlotStore({ now: () => Date.now(), scale: () => 1 });
    const scheduler = new SlotScheduler({ platform, slots, backoffMs: () => 1, maxBackoffMs: 1, maxRefusals: 3 });
    const error = await scheduler
      .run('a:m', 1, async () => {
        throw refused();
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KlingError);
    expect((error as KlingError).kind).toBe('concurrency');
    expect((error as KlingError).message).toMatch(/still refused after 3 attempts/);
    expect(slots.stats()[0]!.inFlight).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import type { Task } from '../../core/index.js';
import { Tracker, type WatchTarget } from '../../core/tracking/tracker.js';

const running = (id: string): Task => ({
  handle: `kt1.n.t2v.${id}`,
  id,
  externalTaskId: undefined,
  standard: 'new',
  product: 'text-to-video',
  status: 'running',
  klingStatus: 'processing',
  videos: [],
  costUnits: undefined,
  failureMessage: undefined,
  createdAt: undefined,
  updatedAt: undefined,
});

describe('tracker', () => {
  it('reads due tasks together, in one call per batch', async () => {
    const calls: string[][] = [];
    const tracker = new Tracker({
      read: async (targets) => {
        calls.push(targets.map((target) => target.id));
        return targets.map((target) => ({ ...running(target.id), status: 'succeeded' as const, klingStatus: 'succeeded' }));
      },
      minIntervalMs: 1,
      maxIntervalMs: 50,
      batchSize: 20,
    });
    const ids = Array.from({ length: 25 }, (_, index) => `1000000000000000${index + 10}`);
    for (const id of ids) tracker.watch({ id, handle: `kt1.n.t2v.${id}`, route: { via: 'tasks' }, expectedMs: 10, last: running(id) });
    const results = await Promise.all(ids.map((id) => tracker.wait(id, { timeoutMs: 5_000 })));
    expect(results.every((result) => result.done)).toBe(true);
    expect(calls.flat().sort()).toEqual([...ids].sort());
    expect(calls.length).toBeLessThan(ids.length);
    tracker.close();
  });

  it('stops following a task that never ends after the tracking limit: waiters get the handle, the slot is freed', async () => {
    const abandoned: WatchTarget[] = [];
    const ended: Task[] = [];
    const tracker = new Tracker({
      read: async () => [],
      minIntervalMs: 1,
      maxIntervalMs: 5,
      batchSize: 20,
      maxTrackMs: 30,
      onAbandon: (target) => abandoned.push(target),
    });
    const id = '123456789012345678';
    tracker.watch({ id, handle: `kt1.n.t2v.${id}`, route: { via: 'tasks' }, expectedMs: 5, last: running(id) }, (task) => ended.push(task));
    const result = await tracker.wait(id, { timeoutMs: 5_000 });
    expect(result).toMatchObject({ done: false, reason: 'timeout', handle: `kt1.n.t2v.${id}` });
    expect(abandoned.map((target) => target.id)).toEqual([id]);
    expect(ended.map((task) => task.status)).toEqual(['running']);
    expect(tracker.active).toBe(0);
    tracker.close();
  });
});

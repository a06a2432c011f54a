import { describe, expect, it } from 'vitest';
import type { Task, TrackedTask } from '../../core/index.js';
import { nodePlatform } from '../../core/node.js';
import { MemoryEventBus } from '../../core/state/memory/memory-event-bus.js';
import { MemoryTaskStore } from '../../core/state/memory/memory-task-store.js';
import { Tracker, type TrackerOptions } from '../../core/tracking/tracker.js';

const platform = nodePlatform();

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
const succeeded = (id: string): Task => ({ ...running(id), status: 'succeeded', klingStatus: 'succeeded', costUnits: 2 });

function tracker(overrides: Partial<TrackerOptions>): {
  tracker: Tracker;
  store: MemoryTaskStore;
  ended: [TrackedTask, Task | undefined][];
} {
  const store = new MemoryTaskStore(() => Date.now());
  const ended: [TrackedTask, Task | undefined][] = [];
  const instance = new Tracker({
    platform,
    store,
    bus: new MemoryEventBus(),
    shared: false,
    read: async () => [],
    reread: async () => undefined,
    timing: () => ({ minIntervalMs: 1, maxIntervalMs: 50 }),
    batchSize: 20,
    readConcurrency: 4,
    maxTrackMs: () => 60_000,
    sharedIdleMs: () => 1_000,
    onEnd: async (record, task) => {
      ended.push([record, task]);
    },
    ...overrides,
  });
  return { tracker: instance, store, ended };
}

const follow = (subject: Tracker, id: string, expectedMs = 10, extra: Partial<TrackedTask> = {}) =>
  subject.follow({ id, handle: `kt1.n.t2v.${id}`, route: { via: 'tasks' }, expectedMs, callback: false, last: running(id), ...extra });

describe('tracker', () => {
  it('reads due tasks together, 20 ids per read, and ends each task once', async () => {
    const calls: string[][] = [];
    const { tracker: subject, ended } = tracker({
      read: async (targets) => {
        calls.push(targets.map((target) => target.id));
        return targets.map((target) => succeeded(target.id));
      },
    });
    const ids = Array.from({ length: 25 }, (_, index) => `1000000000000000${index + 10}`);
    for (const id of ids) await follow(subject, id);
    const results = await Promise.all(ids.map((id) => subject.wait(id, `kt1.n.t2v.${id}`, { timeoutMs: 5_000 })));
    expect(results.every((result) => result.done)).toBe(true);
    expect(calls.flat().sort()).toEqual([...ids].sort());
    expect(calls.length).toBeLessThan(ids.length);
    expect(ended.map(([record]) => record.id).sort()).toEqual([...ids].sort());
    expect(await subject.isFollowing(ids[0]!)).toBe(false);
    subject.close();
  });

  it('stops following a task that never ends after the tracking limit: waiters get the handle, its end runs without a task', async () => {
    const abandoned: string[] = [];
    const { tracker: subject, ended } = tracker({ maxTrackMs: () => 30, onAbandon: (record) => abandoned.push(record.id) });
    const id = '123456789012345678';
    await follow(subject, id, 5);
    const result = await subject.wait(id, `kt1.n.t2v.${id}`, { timeoutMs: 5_000 });
    expect(result).toMatchObject({ done: false, reason: 'timeout', handle: `kt1.n.t2v.${id}` });
    expect(abandoned).toEqual([id]);
    expect(ended.map(([record, task]) => [record.id, task])).toEqual([[id, undefined]]);
    expect(await subject.isFollowing(id)).toBe(false);
    subject.close();
  });

  it('a final status fed twice (a callback and a poll) ends the task once', async () => {
    const { tracker: subject, ended } = tracker({ read: async (targets) => targets.map((target) => succeeded(target.id)) });
    const id = '223456789012345678';
    await follow(subject, id, 60_000);
    const waiting = subject.wait(id, `kt1.n.t2v.${id}`, { timeoutMs: 5_000 });
    await subject.feed(succeeded(id));
    await subject.feed(succeeded(id));
    expect(await waiting).toMatchObject({ done: true, task: { id, status: 'succeeded', handle: `kt1.n.t2v.${id}` } });
    expect(ended).toHaveLength(1);
    subject.close();
  });

  it('an unverified hint (poke) reads the task now instead of at its first look', async () => {
    const reads: string[] = [];
    const { tracker: subject } = tracker({
      read: async (targets) => {
        reads.push(...targets.map((target) => target.id));
        return targets.map((target) => succeeded(target.id));
      },
    });
    const id = '323456789012345678';
    // First look in about 54 minutes: only the hint can end it within the wait.
    await follow(subject, id, 3_600_000);
    const waiting = subject.wait(id, `kt1.n.t2v.${id}`, { timeoutMs: 5_000 });
    expect(await subject.poke(id)).toBe(true);
    expect(await waiting).toMatchObject({ done: true });
    expect(reads).toEqual([id]);
    expect(await subject.poke('999')).toBe(false);
    subject.close();
  });

  it('a waiter that arrives after the task ended reads it once', async () => {
    const id = '423456789012345678';
    const { tracker: subject } = tracker({ reread: async (taskId) => succeeded(taskId) });
    const result = await subject.wait(id, `kt1.n.t2v.${id}`, { timeoutMs: 5_000 });
    expect(result).toMatchObject({ done: true, task: { id, status: 'succeeded' } });
    subject.close();
  });

  it('tops up a due read with tasks due soon, and leaves later ones for later', async () => {
    const calls: string[][] = [];
    const { tracker: subject, store } = tracker({
      read: async (targets) => {
        calls.push(targets.map((target) => target.id).sort());
        return [];
      },
      timing: () => ({ minIntervalMs: 1, maxIntervalMs: 10_000 }),
    });
    const now = Date.now();
    await follow(subject, '1', 1_000, { startedAt: now - 1_000 });
    // Due within one interval (8% of 10 s): rides along; due in an hour: does not.
    await store.add({
      id: '2',
      handle: 'kt1.n.t2v.2',
      route: { via: 'tasks' },
      expectedMs: 10_000,
      startedAt: now,
      dueAt: now + 500,
      polls: 0,
      callback: false,
    });
    await store.add({
      id: '3',
      handle: 'kt1.n.t2v.3',
      route: { via: 'tasks' },
      expectedMs: 10_000,
      startedAt: now,
      dueAt: now + 3_600_000,
      polls: 0,
      callback: false,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls[0]).toEqual(['1', '2']);
    subject.close();
  });
});

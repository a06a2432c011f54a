import type { Platform } from '../platform/platform.js';
import type { EventBus } from '../state/event-bus.js';
import type { TaskStore, TaskUpdate, TrackedTask } from '../state/task-store.js';
import { parseTaskRef } from '../task/handle.js';
import { isFinal, type Task, type TaskStatus } from '../task/types.js';
import { firstLookAt, intervalFor, type PollTiming } from './poll-schedule.js';

export interface Progress {
  handle: string;
  status: TaskStatus;
  /** 0–1, estimated from the elapsed time and the model's typical time; 1 only once finished. */
  fraction: number;
  elapsedMs: number;
  expectedMs: number;
}

export interface WaitOptions {
  /** Stop waiting after this long and return the handle (the task keeps running). */
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  progressIntervalMs?: number;
}

export type WaitResult =
  | { done: true; task: Task }
  | { done: false; reason: 'timeout' | 'cancelled'; handle: string; task: Task | undefined; pollAfterMs: number };

/** What to follow: a created task, or one read by its handle. */
export interface FollowTarget extends Pick<
  TrackedTask,
  'id' | 'handle' | 'route' | 'expectedMs' | 'callback' | 'slot' | 'budget' | 'last'
> {
  /** When the task was submitted; defaults to now. */
  startedAt?: number;
}

export interface TrackerOptions {
  platform: Platform;
  store: TaskStore;
  bus: EventBus;
  /** Whether other processes share the store: then they add tasks this one must also poll. */
  shared: boolean;
  /** Reads tasks (the client batches `/tasks` reads 20 ids at a time, several at once). */
  read: (targets: TrackedTask[]) => Promise<Task[]>;
  /** Reads one task afresh, for a waiter that arrives after the task left the store. */
  reread: (id: string, handle: string) => Promise<Task | undefined>;
  timing: () => PollTiming;
  batchSize: number;
  /** Reads in flight at once in one polling round. */
  readConcurrency: number;
  /** Stop following a task this long after it started (it keeps its handle; callers can ask again). */
  maxTrackMs: () => number;
  /**
   * Runs in the one process that saw the task end (or gave up on it: `task` undefined): frees its
   * slot, settles its budget.
   */
  onEnd: (record: TrackedTask, task: Task | undefined) => Promise<void>;
  /** A process sharing its store looks for work at least this often, even with nothing due here. */
  sharedIdleMs: () => number;
  onError?: (error: unknown) => void;
  /** Called when a task is dropped unfinished after `maxTrackMs`. */
  onAbandon?: (record: TrackedTask) => void;
}

interface Waiter {
  resolve: (result: WaitResult) => void;
  onProgress?: (progress: Progress) => void;
  lastFraction: number;
}

/** What local waiters know of a task they wait for. */
interface Watched {
  handle: string;
  startedAt: number;
  expectedMs: number;
  dueAt: number;
  last: Task | undefined;
  waiters: Set<Waiter>;
}

const ENDED = 'task-ended';
const WAKE = 'tracker-wake';
/** How long a claimed read may take before another poller may claim the same tasks. */
const CLAIM_MS = 60_000;
/** Waiters whose tasks are looked up in the shared store per round (see `recheckWatched`). */
const RECHECK_BATCH = 200;
/** How long a task must have been gone from the shared store before a waiter stops counting on the bus. */
const ABSENT_GRACE_MS = 1_000;

/**
 * Follows tasks until they end: from verified callbacks when they arrive (`feed`), from batched
 * polls otherwise. The store holds the schedule (a min-heap in memory, a sorted set in Redis), so a
 * watch, a poll or a callback costs O(log n) however many tasks are followed. Due tasks are read
 * together; chunks of a `/tasks` read are topped up with tasks due soon.
 */
export class Tracker {
  private readonly watched = new Map<string, Watched>();
  private cancelTimer: (() => void) | undefined;
  private timerAt = Infinity;
  private timerKeepsAlive = false;
  private polling = false;
  private closed = false;
  private lastCount = 0;
  private nextRecheckAt = 0;
  private recheckCursor = 0;
  /** Watched tasks seen gone from the shared store, and since when. */
  private readonly absentSince = new Map<string, number>();
  private readonly subscriptions: Promise<(() => void)[]>;

  constructor(private readonly options: TrackerOptions) {
    this.subscriptions = Promise.all([
      options.bus.subscribe(ENDED, (payload) => this.onEnded(payload)),
      options.bus.subscribe(WAKE, () => this.wake(true)),
    ]);
    this.subscriptions.catch((error: unknown) => options.onError?.(error));
  }

  /** Tasks followed (all processes' when the store is shared), as last counted. */
  get followed(): number {
    return this.lastCount;
  }

  isFollowing(id: string): Promise<boolean> {
    return this.options.store.get(id).then((record) => record !== undefined);
  }

  /**
   * Starts following a task (idempotent). A task already final is handed to `onEnd` at once.
   * False when the store already followed it (or, shared, saw it end): the record there holds
   * its own slot and budget, and the caller keeps whatever it passed in.
   */
  async follow(target: FollowTarget): Promise<boolean> {
    const now = this.options.platform.now();
    const startedAt = target.startedAt !== undefined && target.startedAt <= now ? target.startedAt : now;
    const record: TrackedTask = {
      id: target.id,
      handle: target.handle,
      route: target.route,
      expectedMs: target.expectedMs,
      startedAt,
      dueAt: 0,
      polls: 0,
      callback: target.callback,
      ...(target.slot && { slot: target.slot }),
      ...(target.budget && { budget: target.budget }),
      ...(target.last && { last: target.last }),
    };
    if (target.last && isFinal(target.last.status)) {
      if (this.options.shared) {
        // Another process may follow it, or have ended it: the store lets one of them act on its end.
        if (!(await this.options.store.add(record))) return false;
        const ended = await this.options.store.end(record.id, target.last);
        if (ended) await this.finish(ended, target.last);
        return true;
      }
      await this.finish(record, target.last);
      return true;
    }
    record.dueAt = firstLookAt(record, now, this.options.timing());
    if (!(await this.options.store.add(record))) return false;
    this.wake(false);
    return true;
  }

  /**
   * A task seen elsewhere: a verified callback, or a read by handle. A final status ends it here
   * (once, across processes); an earlier one updates the waiters.
   */
  async feed(task: Task): Promise<void> {
    const watched = this.watched.get(task.id);
    if (isFinal(task.status)) {
      const record = await this.options.store.end(task.id, task);
      if (record) await this.finish(record, withRouteOf(record.handle, task, record.last));
      return;
    }
    if (watched) {
      watched.last = withRouteOf(watched.handle, task, watched.last);
      for (const waiter of watched.waiters) this.report(watched, waiter);
    }
  }

  /** An unverified hint (an unsigned callback): read the task now instead of trusting the hint. */
  async poke(id: string): Promise<boolean> {
    const record = await this.options.store.get(id);
    if (!record) return false;
    await this.options.store.reschedule([{ id, dueAt: this.options.platform.now() }]);
    this.wake(false);
    if (this.options.shared) await this.options.bus.publish(WAKE, id);
    return true;
  }

  /** Waits for a followed task to end; resolves on timeout or cancellation with the handle. */
  async wait(id: string, handle: string, options: WaitOptions = {}): Promise<WaitResult> {
    await this.subscriptions;
    const record = await this.options.store.get(id);
    let watched = this.watched.get(id);
    if (!watched) {
      const now = this.options.platform.now();
      watched = {
        handle: record?.handle ?? handle,
        startedAt: record?.startedAt ?? now,
        expectedMs: record?.expectedMs ?? 0,
        dueAt: record?.dueAt ?? now,
        last: record?.last,
        waiters: new Set(),
      };
      this.watched.set(id, watched);
    }
    const entry = watched;
    const result = new Promise<WaitResult>((resolve) => {
      const cleanups: (() => void)[] = [];
      const waiter: Waiter = {
        lastFraction: 0,
        onProgress: options.onProgress,
        resolve: (outcome) => {
          for (const cleanup of cleanups) cleanup();
          entry.waiters.delete(waiter);
          if (entry.waiters.size === 0) this.forget(id);
          this.wake(false);
          resolve(outcome);
        },
      };
      const stopWaiting = (reason: 'timeout' | 'cancelled'): void =>
        waiter.resolve({ done: false, reason, handle: entry.handle, task: entry.last, pollAfterMs: this.pollAfter(entry) });
      if (options.signal?.aborted) return stopWaiting('cancelled');
      entry.waiters.add(waiter);
      const { platform } = this.options;
      if (options.timeoutMs !== undefined) cleanups.push(platform.schedule(options.timeoutMs, () => stopWaiting('timeout')));
      if (options.signal) {
        const onAbort = (): void => stopWaiting('cancelled');
        options.signal.addEventListener('abort', onAbort, { once: true });
        cleanups.push(() => options.signal?.removeEventListener('abort', onAbort));
      }
      if (options.onProgress) {
        const every = options.progressIntervalMs ?? 1_000;
        let cancelTick = (): void => undefined;
        const tick = (): void => {
          this.report(entry, waiter);
          cancelTick = platform.schedule(every, tick);
        };
        tick();
        cleanups.push(() => cancelTick());
      }
      // The timer now keeps the process alive: someone waits.
      this.wake(true);
    });
    if (!record) {
      // It ended before this waiter arrived (or in another process): read it once.
      const task = await this.options.reread(id, handle).catch((error: unknown) => {
        this.options.onError?.(error);
        return undefined;
      });
      if (task && isFinal(task.status)) this.resolveWaiters(id, { done: true, task });
    }
    return result;
  }

  /** When a caller that stopped waiting should look again. */
  async suggestPollAfter(id: string): Promise<number> {
    const record = await this.options.store.get(id);
    return this.pollAfter({ dueAt: record?.dueAt ?? 0 });
  }

  close(): void {
    this.closed = true;
    this.cancelTimer?.();
    for (const [id, watched] of this.watched) {
      this.resolveWaiters(id, {
        done: false,
        reason: 'cancelled',
        handle: watched.handle,
        task: watched.last,
        pollAfterMs: this.options.timing().minIntervalMs,
      });
    }
    void this.subscriptions.then(
      (unsubscribe) => unsubscribe.forEach((stop) => stop()),
      () => undefined,
    );
  }

  private pollAfter(entry: { dueAt: number }): number {
    return Math.max(this.options.timing().minIntervalMs, entry.dueAt - this.options.platform.now());
  }

  private async finish(record: TrackedTask, task: Task | undefined): Promise<void> {
    try {
      await this.options.onEnd(record, task);
    } catch (error) {
      this.options.onError?.(error);
    }
    if (!task) {
      this.options.onAbandon?.(record);
      this.resolveWaiters(record.id, {
        done: false,
        reason: 'timeout',
        handle: record.handle,
        task: record.last,
        pollAfterMs: this.options.timing().maxIntervalMs,
      });
      return;
    }
    if (this.options.shared) {
      await this.options.bus
        .publish(ENDED, JSON.stringify({ id: record.id, task }))
        .catch((error: unknown) => this.options.onError?.(error));
    }
    // Local waiters are resolved here; other processes' through the bus.
    this.resolveWaiters(record.id, { done: true, task });
  }

  private onEnded(payload: string): void {
    const { id, task } = JSON.parse(payload) as { id: string; task: Task };
    this.resolveWaiters(id, { done: true, task });
  }

  private resolveWaiters(id: string, result: WaitResult): void {
    const watched = this.watched.get(id);
    if (!watched) return;
    if (result.done) {
      watched.last = result.task;
      for (const waiter of watched.waiters) this.report(watched, waiter);
    }
    for (const waiter of [...watched.waiters]) waiter.resolve(result);
    this.forget(id);
  }

  private forget(id: string): void {
    this.watched.delete(id);
    this.absentSince.delete(id);
  }

  private report(watched: Watched, waiter: Waiter): void {
    if (!waiter.onProgress) return;
    const elapsedMs = this.options.platform.now() - watched.startedAt;
    const status = watched.last?.status ?? 'queued';
    const estimated = isFinal(status) ? 1 : Math.min(0.95, elapsedMs / Math.max(1, watched.expectedMs));
    waiter.lastFraction = Math.max(waiter.lastFraction, estimated);
    waiter.onProgress({ handle: watched.handle, status, fraction: waiter.lastFraction, elapsedMs, expectedMs: watched.expectedMs });
  }

  /**
   * Sets the timer for the earliest due read. It keeps the process alive only while someone here
   * waits: a CLI that created a task without waiting must be able to exit.
   */
  private wake(force: boolean): void {
    if (this.closed) return;
    // A poll in progress re-arms when it ends.
    if (this.polling) return;
    void this.options.store.count().then((count) => {
      this.lastCount = count;
    }, this.options.onError);
    void this.options.store.nextDueAt().then((next) => {
      if (this.closed || this.polling) return;
      const now = this.options.platform.now();
      let at = next ?? Infinity;
      if (this.options.shared) at = Math.min(at, now + this.options.sharedIdleMs());
      const keepAlive = this.watched.size > 0;
      if (!force && at >= this.timerAt && keepAlive === this.timerKeepsAlive && this.cancelTimer) return;
      this.cancelTimer?.();
      this.cancelTimer = undefined;
      this.timerAt = Infinity;
      if (at === Infinity) return;
      this.timerAt = at;
      this.timerKeepsAlive = keepAlive;
      this.cancelTimer = this.options.platform.schedule(Math.max(0, at - now), () => void this.poll(), { keepAlive });
    }, this.options.onError);
  }

  private async poll(): Promise<void> {
    this.cancelTimer = undefined;
    this.timerAt = Infinity;
    if (this.closed) return;
    this.polling = true;
    try {
      const { store, batchSize, readConcurrency } = this.options;
      const limit = batchSize * readConcurrency;
      for (;;) {
        const now = this.options.platform.now();
        const due = await store.claimDue(now, limit, { claimMs: CLAIM_MS });
        if (due.length === 0) break;
        const batchable = due.filter((record) => record.route.via === 'tasks').length;
        const room = Math.ceil(batchable / batchSize) * batchSize - batchable;
        // Filling the last `/tasks` read costs no request; a task read early keeps its own schedule.
        const topUp =
          room > 0 && batchable > 0
            ? await store.claimDue(now + this.options.timing().maxIntervalMs, room, { batchableOnly: true, claimMs: CLAIM_MS })
            : [];
        await this.readAndApply([...due, ...topUp]);
        if (due.length < limit || this.closed) break;
      }
      await this.recheckWatched();
    } catch (error) {
      this.options.onError?.(error);
    } finally {
      this.polling = false;
      this.wake(true);
    }
  }

  /**
   * A shared store: the bus message that a task ended elsewhere can be lost (a subscriber
   * reconnecting, a publish that failed). At most once per idle interval, waiters here whose task
   * has been gone from the store for a while read it once more, so they end soon after it did, not
   * at their timeout. The while lets the process that ended it free its slot and settle its budget
   * first, as it does before it publishes.
   */
  private async recheckWatched(): Promise<void> {
    const now = this.options.platform.now();
    if (!this.options.shared || this.watched.size === 0 || now < this.nextRecheckAt) return;
    this.nextRecheckAt = now + this.options.sharedIdleMs();
    const ids = [...this.watched.keys()];
    const start = this.recheckCursor % ids.length;
    const batch = ids.slice(start, start + RECHECK_BATCH);
    this.recheckCursor = start + batch.length;
    await Promise.all(
      batch.map(async (id) => {
        if (await this.options.store.get(id)) return void this.absentSince.delete(id);
        const watched = this.watched.get(id);
        if (!watched) return;
        const since = this.absentSince.get(id) ?? now;
        this.absentSince.set(id, since);
        if (now - since < Math.max(ABSENT_GRACE_MS, this.options.sharedIdleMs())) return;
        const task = await this.options.reread(id, watched.handle).catch((error: unknown) => {
          this.options.onError?.(error);
          return undefined;
        });
        if (task && isFinal(task.status)) this.resolveWaiters(id, { done: true, task });
        // Not final (no process follows it any more): read it again after another while, no sooner.
        else this.absentSince.set(id, now);
      }),
    );
  }

  private async readAndApply(records: TrackedTask[]): Promise<void> {
    let tasks: Task[] = [];
    try {
      tasks = await this.options.read(records);
    } catch (error) {
      this.options.onError?.(error);
    }
    const seen = new Map(tasks.map((task) => [task.id, task]));
    const timing = this.options.timing();
    const maxTrackMs = this.options.maxTrackMs();
    const updates: TaskUpdate[] = [];
    for (const record of records) {
      const task = seen.get(record.id);
      if (task && isFinal(task.status)) {
        const ended = await this.options.store.end(record.id, task);
        if (ended) await this.finish(ended, task);
        continue;
      }
      const now = this.options.platform.now();
      if (now - record.startedAt > maxTrackMs) {
        const dropped = await this.options.store.drop(record.id);
        if (dropped) await this.finish(dropped, undefined);
        continue;
      }
      const dueAt = Math.max(record.dueAt, now + intervalFor(record, timing));
      updates.push({ id: record.id, dueAt, polls: record.polls + 1, ...(task && { last: task }) });
      const watched = this.watched.get(record.id);
      if (watched) {
        watched.dueAt = dueAt;
        if (task) {
          watched.last = task;
          for (const waiter of watched.waiters) this.report(watched, waiter);
        }
      }
    }
    // One write for the round: a shared store sends it as one script, not one round trip per task.
    if (updates.length > 0) await this.options.store.reschedule(updates);
  }
}

/**
 * A task seen by bare id (a callback, a read by id) under the handle it is followed by: the
 * product and standard come from the handle (or the last state) when the read could not tell.
 */
function withRouteOf(handle: string, task: Task, last: Task | undefined): Task {
  let ref: ReturnType<typeof parseTaskRef> | undefined;
  try {
    ref = parseTaskRef(handle);
  } catch {
    ref = undefined;
  }
  return {
    ...task,
    handle,
    product: task.product ?? last?.product ?? (ref?.kind === 'raw' ? undefined : ref?.product),
    standard: last?.standard ?? (ref?.kind === 'handle' ? ref.standard : undefined) ?? task.standard,
  };
}

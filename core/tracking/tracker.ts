import type { ReadRoute } from '../client/router.js';
import { isFinal, type Task, type TaskStatus } from '../task/types.js';

/**
 * The poll schedule, as fractions of the typical generation time: most tasks end between 0.8 and
 * 1.2 of it, so the first look is at 0.8 and the next ones come close together, then spread out.
 */
const FIRST_LOOK = 0.8;
const FIRST_INTERVAL = 0.1;
const GROWTH = 1.25;

/** What the tracker needs to know to follow a task. */
export interface WatchTarget {
  id: string;
  handle: string;
  route: ReadRoute;
  /** Typical milliseconds from submit to result (already scaled); drives the poll schedule. */
  expectedMs: number;
  /** When the task was submitted, if known (ms since epoch). */
  submittedAt?: number;
  last?: Task;
}

export interface Progress {
  handle: string;
  status: TaskStatus;
  /** 0..1, never decreasing for one waiter; 1 once the task ended. */
  fraction: number;
  elapsedMs: number;
  expectedMs: number;
}

export type WaitResult =
  | { done: true; task: Task }
  | { done: false; reason: 'timeout' | 'cancelled'; handle: string; task: Task | undefined; pollAfterMs: number };

export interface WaitOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /** How often onProgress fires between polls. */
  progressIntervalMs?: number;
}

interface Waiter {
  resolve: (result: WaitResult) => void;
  onProgress?: (progress: Progress) => void;
  lastFraction: number;
}

interface Entry extends WatchTarget {
  startedAt: number;
  nextPollAt: number;
  polls: number;
  intervalMs: number;
  waiters: Set<Waiter>;
  onEnd: ((task: Task) => void)[];
}

export interface TrackerOptions {
  /** Reads a set of tasks; the client groups them by route (one `/tasks` call per 20). */
  read: (targets: WatchTarget[]) => Promise<Task[]>;
  minIntervalMs: number;
  maxIntervalMs: number;
  batchSize: number;
  /** Stop following a task this long after it started (it keeps its handle; callers can ask again). */
  maxTrackMs?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
  /** Called when a task is dropped unfinished after `maxTrackMs`. */
  onAbandon?: (target: WatchTarget) => void;
}

/**
 * Follows tasks until they end: from callbacks when they arrive (`feed`), from batched polls
 * otherwise. Polls are scheduled from the model's typical time — a first look late, then growing
 * intervals with a cap — and due tasks are read together, topped up with tasks that are nearly due.
 */
export class Tracker {
  private readonly entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly options: TrackerOptions) {
    this.now = options.now ?? Date.now;
  }

  get active(): number {
    return this.entries.size;
  }

  isWatching(id: string): boolean {
    return this.entries.has(id);
  }

  /** Starts following a task (idempotent); `onEnd` runs once when it ends. */
  watch(target: WatchTarget, onEnd?: (task: Task) => void): void {
    if (target.last && isFinal(target.last.status)) {
      onEnd?.(target.last);
      return;
    }
    let entry = this.entries.get(target.id);
    if (!entry) {
      const now = this.now();
      const startedAt = target.submittedAt !== undefined && target.submittedAt <= now ? target.submittedAt : now;
      const firstLook = Math.max(this.options.minIntervalMs, target.expectedMs * FIRST_LOOK - (now - startedAt));
      entry = {
        ...target,
        startedAt,
        nextPollAt: now + firstLook,
        polls: 0,
        intervalMs: this.clampInterval(target.expectedMs * FIRST_INTERVAL),
        waiters: new Set(),
        onEnd: [],
      };
      this.entries.set(target.id, entry);
    } else if (target.last) {
      entry.last = target.last;
    }
    if (onEnd) entry.onEnd.push(onEnd);
    this.arm();
  }

  /** A task seen elsewhere (a callback, a read): updates waiters and ends tracking when final. */
  feed(task: Task): void {
    const entry = this.entries.get(task.id);
    if (!entry) return;
    // A callback knows neither our handle nor the product: keep what the watch knows.
    const known = entry.last;
    this.update(entry, { ...task, handle: entry.handle, product: task.product ?? known?.product, standard: known?.standard ?? task.standard });
  }

  /** Waits for a watched task to end; resolves on timeout or cancellation with the handle. */
  wait(id: string, options: WaitOptions = {}): Promise<WaitResult> {
    const entry = this.entries.get(id);
    if (!entry) throw new Error(`task ${id} is not being tracked`);
    return new Promise<WaitResult>((resolve) => {
      const cleanups: (() => void)[] = [];
      const waiter: Waiter = {
        lastFraction: 0,
        onProgress: options.onProgress,
        resolve: (result) => {
          for (const cleanup of cleanups) cleanup();
          entry.waiters.delete(waiter);
          this.arm();
          resolve(result);
        },
      };
      const stopWaiting = (reason: 'timeout' | 'cancelled'): void =>
        waiter.resolve({ done: false, reason, handle: entry.handle, task: entry.last, pollAfterMs: this.suggestPollAfter(entry) });
      if (options.signal?.aborted) return stopWaiting('cancelled');
      entry.waiters.add(waiter);
      if (options.timeoutMs !== undefined) {
        const timer = setTimeout(() => stopWaiting('timeout'), options.timeoutMs);
        cleanups.push(() => clearTimeout(timer));
      }
      if (options.signal) {
        const onAbort = (): void => stopWaiting('cancelled');
        options.signal.addEventListener('abort', onAbort, { once: true });
        cleanups.push(() => options.signal?.removeEventListener('abort', onAbort));
      }
      if (options.onProgress) {
        const ticker = setInterval(() => this.report(entry, waiter), options.progressIntervalMs ?? 1_000);
        cleanups.push(() => clearInterval(ticker));
        this.report(entry, waiter);
      }
      this.arm();
    });
  }

  /** When a caller that stopped waiting should look again. */
  suggestPollAfter(entry: { nextPollAt: number } | string): number {
    const target = typeof entry === 'string' ? this.entries.get(entry) : entry;
    if (!target) return this.options.minIntervalMs;
    return Math.max(this.options.minIntervalMs, target.nextPollAt - this.now());
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const entry of this.entries.values()) {
      for (const waiter of [...entry.waiters]) {
        waiter.resolve({ done: false, reason: 'cancelled', handle: entry.handle, task: entry.last, pollAfterMs: this.options.minIntervalMs });
      }
    }
    this.entries.clear();
  }

  private update(entry: Entry, task: Task): void {
    entry.last = task;
    for (const waiter of entry.waiters) this.report(entry, waiter);
    if (!isFinal(task.status)) return;
    this.entries.delete(entry.id);
    for (const waiter of [...entry.waiters]) waiter.resolve({ done: true, task });
    for (const onEnd of entry.onEnd) onEnd(task);
    this.arm();
  }

  /** Stops following a task that never ended in time: waiters get the handle back, the slot is freed. */
  private abandon(entry: Entry): void {
    this.entries.delete(entry.id);
    for (const waiter of [...entry.waiters]) {
      waiter.resolve({ done: false, reason: 'timeout', handle: entry.handle, task: entry.last, pollAfterMs: this.options.maxIntervalMs });
    }
    this.options.onAbandon?.(entry);
    for (const onEnd of entry.onEnd) onEnd(entry.last ?? this.placeholder(entry));
  }

  private placeholder(entry: Entry): Task {
    return {
      handle: entry.handle,
      id: entry.id,
      externalTaskId: undefined,
      standard: 'new',
      product: undefined,
      status: 'running',
      klingStatus: 'unknown',
      videos: [],
      costUnits: undefined,
      failureMessage: undefined,
      createdAt: undefined,
      updatedAt: undefined,
    };
  }

  private report(entry: Entry, waiter: Waiter): void {
    if (!waiter.onProgress) return;
    const elapsedMs = this.now() - entry.startedAt;
    const status = entry.last?.status ?? 'queued';
    const estimated = isFinal(status) ? 1 : Math.min(0.95, elapsedMs / Math.max(1, entry.expectedMs));
    waiter.lastFraction = Math.max(waiter.lastFraction, estimated);
    waiter.onProgress({ handle: entry.handle, status, fraction: waiter.lastFraction, elapsedMs, expectedMs: entry.expectedMs });
  }

  private clampInterval(ms: number): number {
    return Math.min(this.options.maxIntervalMs, Math.max(this.options.minIntervalMs, ms));
  }

  /** Sets the timer for the earliest due poll. It keeps the process alive only while someone waits. */
  private arm(): void {
    if (this.closed || this.polling) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.entries.size === 0) return;
    let earliest = Infinity;
    let waited = false;
    for (const entry of this.entries.values()) {
      earliest = Math.min(earliest, entry.nextPollAt);
      waited ||= entry.waiters.size > 0;
    }
    this.timer = setTimeout(() => void this.poll(), Math.max(0, earliest - this.now()));
    if (!waited) this.timer.unref();
  }

  private async poll(): Promise<void> {
    this.timer = undefined;
    this.polling = true;
    try {
      const batch = this.pickBatch();
      if (batch.length === 0) return;
      let tasks: Task[] = [];
      try {
        tasks = await this.options.read(batch);
      } catch (error) {
        this.options.onError?.(error);
      }
      const seen = new Map(tasks.map((task) => [task.id, task]));
      for (const entry of batch) {
        entry.polls += 1;
        entry.nextPollAt = this.now() + entry.intervalMs;
        entry.intervalMs = this.clampInterval(entry.intervalMs * GROWTH);
        const task = seen.get(entry.id);
        if (task) this.update(entry, task);
        if (this.entries.has(entry.id) && this.now() - entry.startedAt > (this.options.maxTrackMs ?? Infinity)) this.abandon(entry);
      }
    } finally {
      this.polling = false;
      this.arm();
    }
  }

  /** Due entries first; then, where a batch has room, entries due within half their interval. */
  private pickBatch(): Entry[] {
    const now = this.now();
    const all = [...this.entries.values()];
    const due = all.filter((entry) => entry.nextPollAt <= now);
    const batchable = (entry: Entry): boolean => entry.route.via === 'tasks';
    const batchedDue = due.filter(batchable);
    const room = Math.ceil(batchedDue.length / this.options.batchSize) * this.options.batchSize - batchedDue.length;
    if (room === 0 || batchedDue.length === 0) return due;
    const early = all
      .filter((entry) => batchable(entry) && entry.nextPollAt > now && entry.nextPollAt - now <= entry.intervalMs / 2 && entry.polls > 0)
      .sort((a, b) => a.nextPollAt - b.nextPollAt)
      .slice(0, room);
    return [...due, ...early];
  }
}

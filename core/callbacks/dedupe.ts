import type { Task, TaskStatus } from '../task/types.js';

export interface CallbackDeduperOptions {
  /** How many task ids to remember; the least recently seen are forgotten first. */
  maxIds?: number;
}

interface Seen {
  status: TaskStatus;
  updatedAt: number | undefined;
}

const RANK: Readonly<Record<TaskStatus, number>> = { queued: 0, running: 1, succeeded: 2, failed: 2 };

/**
 * Kling posts a callback on every status change, with repeats and out of order (kling-api.md §5).
 * This remembers the latest status per task id and lets through only news: a higher status
 * (queued < running < final), never a repeat and never a step back.
 */
export class CallbackDeduper {
  readonly maxIds: number;
  readonly #seen = new Map<string, Seen>();

  constructor(options: CallbackDeduperOptions = {}) {
    this.maxIds = Math.max(1, options.maxIds ?? 10_000);
  }

  /** True when `task` is news (and remembers it); false for a repeat or a stale status. */
  accept(task: Task): boolean {
    const previous = this.#seen.get(task.id);
    const news = previous === undefined || isNewer(task, previous);
    if (news) this.#remember(task.id, { status: task.status, updatedAt: task.updatedAt });
    else if (previous !== undefined) this.#remember(task.id, previous);
    return news;
  }

  /** Drops what is known of a task, so that its next callback is accepted again. */
  forget(id: string): void {
    this.#seen.delete(id);
  }

  get size(): number {
    return this.#seen.size;
  }

  #remember(id: string, seen: Seen): void {
    this.#seen.delete(id);
    this.#seen.set(id, seen);
    if (this.#seen.size > this.maxIds) {
      const oldest = this.#seen.keys().next();
      if (!oldest.done) this.#seen.delete(oldest.value);
    }
  }
}

function isNewer(task: Task, previous: Seen): boolean {
  const rank = RANK[task.status];
  const previousRank = RANK[previous.status];
  if (rank !== previousRank) return rank > previousRank;
  if (task.status === previous.status) return false;
  // Two different final statuses: only a later update may overrule the first one seen.
  return task.updatedAt !== undefined && previous.updatedAt !== undefined && task.updatedAt > previous.updatedAt;
}

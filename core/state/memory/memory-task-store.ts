import type { Task } from '../../task/types.js';
import { MinHeap, type HeapItem } from '../min-heap.js';
import type { PendingCreate, TaskStore, TaskUpdate, TrackedTask } from '../task-store.js';

/** `key` orders the heap: the due time, or until when a claim holds the task. */
type Entry = TrackedTask & HeapItem & { key: number };

/** How long a claimed task stays out of other claims when its reader never reschedules it. */
const DEFAULT_CLAIM_MS = 60_000;

/**
 * The embedded task store: a map and two min-heaps of due times (tasks read through `/tasks`, which
 * can share a read, and the others), so adding, claiming and rescheduling cost O(log n).
 */
export class MemoryTaskStore implements TaskStore {
  private readonly entries = new Map<string, Entry>();
  private readonly batchable = new MinHeap<Entry>((entry) => entry.key);
  private readonly single = new MinHeap<Entry>((entry) => entry.key);
  private readonly creates = new Map<string, PendingCreate>();

  constructor(private readonly now: () => number) {}

  async add(task: TrackedTask): Promise<boolean> {
    if (this.entries.has(task.id)) return false;
    const entry = task as Entry;
    entry.heapIndex = -1;
    entry.key = task.dueAt;
    this.entries.set(task.id, entry);
    this.heapOf(entry).push(entry);
    return true;
  }

  async get(id: string): Promise<TrackedTask | undefined> {
    return this.entries.get(id);
  }

  async claimDue(until: number, limit: number, options: { batchableOnly?: boolean; claimMs?: number } = {}): Promise<TrackedTask[]> {
    const claimed: Entry[] = [];
    const claimUntil = this.now() + (options.claimMs ?? DEFAULT_CLAIM_MS);
    const heaps = options.batchableOnly ? [this.batchable] : [this.batchable, this.single];
    while (claimed.length < limit) {
      let next: { heap: MinHeap<Entry>; entry: Entry } | undefined;
      for (const heap of heaps) {
        const top = heap.peek();
        if (top !== undefined && top.key <= until && (next === undefined || top.key < next.entry.key)) next = { heap, entry: top };
      }
      if (next === undefined) break;
      next.entry.key = claimUntil;
      next.heap.update(next.entry);
      claimed.push(next.entry);
    }
    return claimed;
  }

  async reschedule(updates: readonly TaskUpdate[]): Promise<void> {
    for (const update of updates) {
      const entry = this.entries.get(update.id);
      if (!entry) continue;
      entry.dueAt = update.dueAt;
      entry.key = update.dueAt;
      if (update.polls !== undefined) entry.polls = update.polls;
      if (update.last !== undefined) entry.last = update.last;
      this.heapOf(entry).update(entry);
    }
  }

  async end(id: string, task: Task): Promise<TrackedTask | undefined> {
    const entry = await this.drop(id);
    if (entry) entry.last = task;
    return entry;
  }

  async drop(id: string): Promise<TrackedTask | undefined> {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    this.heapOf(entry).remove(entry);
    return entry;
  }

  async nextDueAt(): Promise<number | undefined> {
    const a = this.batchable.peek()?.key;
    const b = this.single.peek()?.key;
    return a === undefined ? b : b === undefined ? a : Math.min(a, b);
  }

  async count(): Promise<number> {
    return this.entries.size;
  }

  async beginCreate(pending: PendingCreate): Promise<void> {
    this.creates.set(pending.externalTaskId, pending);
  }

  async finishCreate(externalTaskId: string): Promise<void> {
    this.creates.delete(externalTaskId);
  }

  /** Only this process writes here, and every create it recorded is still in flight. */
  async claimStaleCreates(): Promise<PendingCreate[]> {
    return [];
  }

  async claimRebuild(): Promise<boolean> {
    return false;
  }

  private heapOf(entry: TrackedTask): MinHeap<Entry> {
    return entry.route.via === 'tasks' ? this.batchable : this.single;
  }
}

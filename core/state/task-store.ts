import type { Product, Standard } from '../catalog/types.js';
import type { ReadRoute } from '../client/router.js';
import type { Task } from '../task/types.js';

/** A task being followed until it ends: what any process needs to read it, and what to free then. */
export interface TrackedTask {
  /** Kling's task id. */
  id: string;
  handle: string;
  route: ReadRoute;
  /** Typical generation time, scaled (ms). */
  expectedMs: number;
  /** When the task was submitted (ms since epoch). */
  startedAt: number;
  /** When to read it next (ms since epoch). */
  dueAt: number;
  /** Reads so far. */
  polls: number;
  /** A callback URL was set on the create: polling is only the safety net. */
  callback: boolean;
  /** The concurrency slot the task holds, freed when it ends. */
  slot?: { pool: string; lease: string };
  /** The budget reservation settled with the real cost when it ends: its key, in each scope that holds it. */
  budget?: { key: string; scopes: string[] };
  /** The last state seen. */
  last?: Task;
}

/**
 * A create about to be sent: recorded before the POST (again once it holds a slot), so a crash
 * leaves a trace to recover by external id: whoever adopts it follows the task if Kling has it,
 * or frees its slot and budget if not.
 */
export interface PendingCreate {
  externalTaskId: string;
  startedAt: number;
  /** How to read and follow the task once found. */
  standard: Standard;
  product: Product;
  route: ReadRoute;
  expectedMs: number;
  callback: boolean;
  slot?: { pool: string; lease: string };
  budget?: { key: string; scopes: string[] };
  /**
   * Which process recorded it (set by a shared store): two processes may create with one external
   * id (a job retried elsewhere after a crash), and each keeps its own record.
   */
  owner?: string;
}

/** A followed task's next read, and what the last read saw. */
export interface TaskUpdate {
  id: string;
  dueAt: number;
  polls?: number;
  last?: Task;
}

/**
 * The tasks being followed, shared by every process that uses the same store. A status only moves
 * forward, and the step to a final status happens once, whichever process observes it; due reads
 * are claimed, so one `/tasks` read serves tasks created by any process.
 */
export interface TaskStore {
  /**
   * Starts following a task; false when it was already followed (the record is left as is) or,
   * in a shared store, has already ended.
   */
  add(task: TrackedTask): Promise<boolean>;
  get(id: string): Promise<TrackedTask | undefined>;
  /**
   * Claims up to `limit` tasks due at or before `until`, earliest first; each keeps its scheduled
   * `dueAt`. A claimed task is not handed out again until `reschedule` or until the claim expires
   * (another process then adopts it).
   * `batchable` only: tasks read through `/tasks` (the ones that can share a read).
   */
  claimDue(until: number, limit: number, options?: { batchableOnly?: boolean; claimMs?: number }): Promise<TrackedTask[]>;
  /** Sets the next read of followed tasks (a polling round's, together); a no-op for a task that has ended. */
  reschedule(updates: readonly TaskUpdate[]): Promise<void>;
  /**
   * Records a final status. Returns the record only to the one caller that ended the task, so the
   * slot is freed and the budget settled exactly once; undefined when it had already ended.
   */
  end(id: string, task: Task): Promise<TrackedTask | undefined>;
  /** Stops following a task without a final status (abandoned); returns the record if this call removed it. */
  drop(id: string): Promise<TrackedTask | undefined>;
  /** The earliest due time, or undefined when nothing is followed. */
  nextDueAt(): Promise<number | undefined>;
  /** How many tasks are followed. */
  count(): Promise<number>;
  /**
   * Records a create before it is sent, or updates the record (once the create holds a slot). In a
   * shared store the record is kept alive by this process while the create is in flight.
   */
  beginCreate(pending: PendingCreate): Promise<void>;
  /**
   * Clears the record of a create once its outcome is known (the task is followed, or nothing was
   * created): this process's own, or — with `owner` from `claimStaleCreates` — a dead one's.
   */
  finishCreate(externalTaskId: string, owner?: string): Promise<void>;
  /**
   * Creates whose process stopped keeping them alive (it died mid-create), claimed for `claimMs`
   * so that one process recovers each. Always empty in a store no other process shares: there,
   * every recorded create is still in flight.
   */
  claimStaleCreates(limit: number, claimMs: number): Promise<PendingCreate[]>;
  /**
   * True for the one caller that finds the store holding nothing of this account (a new shared
   * store, or one that lost its data): that caller rebuilds the followed tasks from Kling's task
   * list. Always false in a store no other process shares.
   */
  claimRebuild(): Promise<boolean>;
  close?(): Promise<void>;
}

import type { Product, Standard, Task } from '../../core/index.js';

/** What the gateway knows of a task from its create: who owns it and how to answer them. */
export interface TaskOwnership {
  /** Kling's task id. */
  id: string;
  /** The token that created it: the only one that may read it. */
  token: string;
  /** The standard the client created it on: its replies and callbacks take that shape. */
  standard: Standard;
  product: Product;
  model: string;
  /** The client's own external id (the upstream one is derived from it and the token). */
  externalTaskId: string | undefined;
  /** Where the client wants its callback. */
  callbackUrl: string | undefined;
  createdAt: number;
}

/** A finished video copied to storage. */
export interface StoredVideo {
  videoId: string;
  /** Its key in the storage (a path under the folder, an object key in the bucket). */
  key: string;
}

export interface GatewayTask {
  owner: TaskOwnership | undefined;
  /** The last state seen; a final state is never replaced. */
  state: Task | undefined;
  videos: StoredVideo[] | undefined;
}

/** Work that must happen once, whichever replica does it, and survive a replica's crash. */
export interface Job {
  /** Also its idempotency key: adding a job with the id of an earlier one does nothing. */
  id: string;
  kind: 'finish' | 'store' | 'deliver';
  taskId: string;
  /** Attempts so far. */
  attempts: number;
}

/** A claim of an external id: taken, or already held (by a task, or by a create in progress). */
export type ExternalIdClaim = { ok: true } | { ok: false; taskId: string | undefined };

/**
 * The gateway's shared state, beside the core's (slots, followed tasks, budgets): which token owns
 * which task, each client's external ids, the jobs of finished tasks (store the videos, deliver the
 * callback) and request counts for rate limits. In memory for one process, in Redis for replicas.
 */
export interface GatewayStore {
  /** Reserves a token's external id for a create in progress; refused when it is taken. */
  claimExternalId(token: string, externalTaskId: string, ttlMs: number): Promise<ExternalIdClaim>;
  /** Frees a claim whose create made nothing. */
  releaseExternalId(token: string, externalTaskId: string): Promise<void>;
  /** Records a created task (and binds its external id to it). */
  saveOwner(owner: TaskOwnership, state: Task): Promise<void>;
  /** Records a newer state; a final state is never replaced. */
  saveState(id: string, state: Task): Promise<void>;
  saveVideos(id: string, videos: StoredVideo[]): Promise<void>;
  getTask(id: string): Promise<GatewayTask>;
  /** The task a token created with this external id. */
  taskIdByExternalId(token: string, externalTaskId: string): Promise<string | undefined>;
  /** Adds a job due at `dueAt` unless a job with this id was ever added. */
  addJob(job: Omit<Job, 'attempts'>, dueAt: number): Promise<boolean>;
  /** Claims due jobs; a claimed job is not handed out again for `claimMs` unless rescheduled. */
  claimJobs(now: number, limit: number, claimMs: number): Promise<Job[]>;
  finishJob(id: string): Promise<void>;
  retryJob(id: string, dueAt: number, attempts: number): Promise<void>;
  /** Counts a request in the window `windowMs` wide that `now` falls in; returns the window's count. */
  countRequest(token: string, windowMs: number, now: number): Promise<number>;
  /** Throws when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

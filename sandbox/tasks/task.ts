import type { Product, Standard } from '../../core/catalog/types.js';
import type { ValidRequest } from '../../core/request/validate.js';

/** Kling's new-standard status words; legacy records say `succeed` for `succeeded`. */
export type TaskStatus = 'submitted' | 'processing' | 'succeeded' | 'failed';

export const TASK_STATUSES: readonly TaskStatus[] = ['submitted', 'processing', 'succeeded', 'failed'];

export function isFinal(status: TaskStatus): boolean {
  return status === 'succeeded' || status === 'failed';
}

/** When a task moves on, and how it ends. Times are task time (see the clock). */
export interface TaskPlan {
  processingAt: number;
  endAt: number;
  outcome: { status: 'succeeded' } | { status: 'failed'; message: string };
}

/** The result video of a task; its id is drawn at creation, shown once the task succeeded. */
export interface TaskVideo {
  id: string;
  /** Kling's duration string: a little over the requested seconds ("5.041"). */
  duration: string;
  seconds: number;
}

/** One task as the sandbox keeps it; records of either standard are rendered from it. */
export interface SandboxTask {
  /** Creation order, for list cursors. */
  seq: number;
  id: string;
  accountId: string;
  /** The standard the task was created on: its callbacks use that shape. */
  standard: Standard;
  product: Product;
  model: string;
  request: ValidRequest;
  externalTaskId: string | undefined;
  callbackUrl: string | undefined;
  watermark: boolean;
  createdAt: number;
  updatedAt: number;
  status: TaskStatus;
  /** The failure reason, empty otherwise. */
  message: string;
  /** Units charged when it succeeds (reserved while it runs, refunded when it fails). */
  units: number;
  video: TaskVideo;
  /** Video extend: the video that was extended. */
  parentVideo?: { id: string; duration: string };
  plan: TaskPlan;
}

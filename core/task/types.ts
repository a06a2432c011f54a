import type { Product, Standard } from '../catalog/types.js';

/** A task's state in this project's vocabulary, the same for both standards. */
export type TaskStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface TaskVideo {
  id: string;
  url: string;
  /** Seconds, as Kling reports them (a little over the request: "3.041"). */
  duration: number | undefined;
  watermarkUrl?: string;
}

/** A Kling task, normalized: the same object whichever standard it came from. */
export interface Task {
  /** The opaque handle to read this task again (see `core/task/handle.ts`). */
  handle: string;
  id: string;
  externalTaskId: string | undefined;
  standard: Standard;
  /** Known when the task was created or read through a product route; undefined from `/tasks` alone. */
  product: Product | undefined;
  status: TaskStatus;
  /** Kling's own status word (`submitted`, `processing`, `succeed`, `succeeded`, `failed`). */
  klingStatus: string;
  videos: TaskVideo[];
  /** Units actually charged, from `billing[]` / `final_unit_deduction`; undefined until known. */
  costUnits: number | undefined;
  /** Why it failed (content moderation, …). */
  failureMessage: string | undefined;
  createdAt: number | undefined;
  updatedAt: number | undefined;
}

export const FINAL_STATUSES: readonly TaskStatus[] = ['succeeded', 'failed'];

export function isFinal(status: TaskStatus): boolean {
  return status === 'succeeded' || status === 'failed';
}

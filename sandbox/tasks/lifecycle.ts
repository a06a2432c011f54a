import { findModel } from '../../core/catalog/index.js';
import type { ValidRequest } from '../../core/request/validate.js';
import type { SandboxClock } from '../clock/clock.js';
import type { Random } from '../random/prng.js';
import type { SandboxTask, TaskPlan, TaskStatus } from './task.js';

/** A prompt containing this marker makes the task fail as if content moderation refused it. */
export const FAILURE_MARKER = '[sandbox:fail]';

export const CONTENT_POLICY_MESSAGE =
  'Failure to pass the risk control system: the content did not pass the content safety review (sandbox failure marker)';

export const GENERATION_FAILURE_MESSAGE = 'Task failed: internal generation error, please try again (sandbox fault taskFailure)';

/** A task takes its model's typical time × this, drawn uniformly: 0.8–1.2 × typical. */
export const generationFactor = (random: Random): number => 0.8 + 0.4 * random();

export interface LifecycleHooks {
  /** Called after every status change, in time order. */
  changed(task: SandboxTask, previous: TaskStatus): void;
}

/**
 * Moves tasks submitted → processing → succeeded | failed on the sandbox clock. Each task's times
 * are planned at creation from the model's typical generation time × the time scale, with seeded
 * jitter; a timer fires at the next due change, and any read or clock change catches up first.
 */
export class Lifecycle {
  private readonly pending = new Set<SandboxTask>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly clock: SandboxClock,
    private readonly random: Random,
    private readonly hooks: LifecycleHooks,
  ) {
    this.unsubscribe = clock.onChange((change, previousScale) => {
      if (change === 'scale') this.rescale(previousScale);
      this.catchUp();
    });
  }

  /** Plans a task's timeline; `failure` forces a failure with that message. */
  plan(request: ValidRequest, createdAt: number, failure?: string): TaskPlan {
    const typicalMs = (findModel(request.model)?.typicalSeconds ?? 60) * 1000;
    const totalMs = typicalMs * this.clock.timeScale * generationFactor(this.random);
    const queuedMs = totalMs * (0.1 + 0.1 * this.random());
    const message = failure ?? (promptText(request).includes(FAILURE_MARKER) ? CONTENT_POLICY_MESSAGE : undefined);
    return {
      processingAt: createdAt + queuedMs,
      endAt: createdAt + totalMs,
      outcome: message === undefined ? { status: 'succeeded' } : { status: 'failed', message },
    };
  }

  track(task: SandboxTask): void {
    this.pending.add(task);
    this.catchUp();
  }

  /** Applies every change that is due by now, oldest first, then waits for the next one. */
  catchUp(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    const due: { task: SandboxTask; at: number; to: TaskStatus }[] = [];
    for (const task of this.pending) {
      if (task.status === 'submitted' && task.plan.processingAt <= now) due.push({ task, at: task.plan.processingAt, to: 'processing' });
      if (task.plan.endAt <= now) due.push({ task, at: task.plan.endAt, to: task.plan.outcome.status });
    }
    due.sort((a, b) => a.at - b.at || a.task.seq - b.task.seq);
    for (const change of due) this.apply(change.task, change.at, change.to);
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private apply(task: SandboxTask, at: number, to: TaskStatus): void {
    const previous = task.status;
    task.status = to;
    task.updatedAt = Math.round(at);
    if (to === 'failed' && task.plan.outcome.status === 'failed') task.message = task.plan.outcome.message;
    if (to === 'succeeded' || to === 'failed') this.pending.delete(task);
    this.hooks.changed(task, previous);
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped || this.pending.size === 0) return;
    let next = Infinity;
    for (const task of this.pending) next = Math.min(next, task.status === 'submitted' ? task.plan.processingAt : task.plan.endAt);
    const delay = this.clock.realDelayUntil(next);
    if (delay === undefined) return;
    this.timer = setTimeout(() => this.catchUp(), Math.min(Math.ceil(delay), 2_147_483_647));
    this.timer.unref();
  }

  /** A new time scale stretches what is left of every running task. */
  private rescale(previousScale: number): void {
    const now = this.clock.now();
    const factor = this.clock.timeScale / previousScale;
    for (const task of this.pending) {
      if (task.plan.processingAt > now) task.plan.processingAt = now + (task.plan.processingAt - now) * factor;
      if (task.plan.endAt > now) task.plan.endAt = now + (task.plan.endAt - now) * factor;
    }
  }
}

function promptText(request: ValidRequest): string {
  return [request.prompt ?? '', ...(request.shots ?? []).map((shot) => shot.prompt)].join('\n');
}

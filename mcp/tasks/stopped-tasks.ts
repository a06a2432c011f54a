/**
 * Task ids whose following was stopped by `tasks/cancel` in this process, with when. Bounded: past
 * the limit the oldest are forgotten, and such a task reports its real Kling status again, which the
 * spec allows (cancellation is cooperative and eventually consistent).
 */
export class StoppedTasks {
  private readonly stoppedAt = new Map<string, number>();

  constructor(private readonly limit = 10_000) {}

  add(taskId: string, at = Date.now()): void {
    this.stoppedAt.delete(taskId);
    this.stoppedAt.set(taskId, at);
    if (this.stoppedAt.size > this.limit) this.stoppedAt.delete(this.stoppedAt.keys().next().value as string);
  }

  /** When the task was stopped, or undefined when it was not (or is forgotten). */
  get(taskId: string): number | undefined {
    return this.stoppedAt.get(taskId);
  }
}

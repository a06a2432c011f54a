import type { SandboxTask } from './task.js';

/** Every task of every account, findable by id, external id or result video id. */
export class TaskStore {
  private readonly tasks: SandboxTask[] = [];
  private readonly byKey = new Map<string, SandboxTask>();
  private readonly byVideo = new Map<string, SandboxTask>();

  add(task: SandboxTask): void {
    this.tasks.push(task);
    this.byKey.set(`id:${task.accountId}:${task.id}`, task);
    this.byVideo.set(task.video.id, task);
    if (task.externalTaskId !== undefined) this.byKey.set(`external:${task.accountId}:${task.externalTaskId}`, task);
  }

  byId(accountId: string, id: string): SandboxTask | undefined {
    return this.byKey.get(`id:${accountId}:${id}`);
  }

  byExternalId(accountId: string, externalId: string): SandboxTask | undefined {
    return this.byKey.get(`external:${accountId}:${externalId}`);
  }

  /** The task whose result video has this id (file URLs carry no credentials, like Kling's CDN links). */
  byVideoId(videoId: string): SandboxTask | undefined {
    return this.byVideo.get(videoId);
  }

  /** An account's tasks, newest first. */
  ofAccount(accountId: string): SandboxTask[] {
    return this.tasks.filter((task) => task.accountId === accountId).reverse();
  }

  all(): readonly SandboxTask[] {
    return this.tasks;
  }

  get size(): number {
    return this.tasks.length;
  }
}

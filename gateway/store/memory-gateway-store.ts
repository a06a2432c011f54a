import { isFinal, type Task } from '../../core/index.js';
import type { ExternalIdClaim, GatewayStore, GatewayTask, Job, StoredVideo, TaskOwnership } from './gateway-store.js';

interface Claim {
  taskId: string | undefined;
  expiresAt: number;
}

/** The embedded store: one process's memory. Tasks are kept for `retainMs` after their create. */
export class MemoryGatewayStore implements GatewayStore {
  private readonly tasks = new Map<string, GatewayTask & { keepUntil: number }>();
  private readonly externalIds = new Map<string, Claim>();
  private readonly jobs = new Map<string, Job & { dueAt: number; done: boolean }>();
  private readonly windows = new Map<string, { window: number; count: number }>();
  private sweptAt = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly retainMs = 40 * 24 * 60 * 60 * 1000,
  ) {}

  async claimExternalId(token: string, externalTaskId: string, ttlMs: number): Promise<ExternalIdClaim> {
    const key = `${token}\n${externalTaskId}`;
    const held = this.externalIds.get(key);
    if (held && held.expiresAt > this.now()) return { ok: false, taskId: held.taskId };
    this.externalIds.set(key, { taskId: undefined, expiresAt: this.now() + ttlMs });
    return { ok: true };
  }

  async releaseExternalId(token: string, externalTaskId: string): Promise<void> {
    const key = `${token}\n${externalTaskId}`;
    if (this.externalIds.get(key)?.taskId === undefined) this.externalIds.delete(key);
  }

  async saveOwner(owner: TaskOwnership, state: Task): Promise<void> {
    this.sweep();
    const entry = this.entry(owner.id);
    entry.owner = owner;
    entry.keepUntil = this.now() + this.retainMs;
    if (!entry.state || !isFinal(entry.state.status)) entry.state = state;
    if (owner.externalTaskId !== undefined) {
      this.externalIds.set(`${owner.token}\n${owner.externalTaskId}`, { taskId: owner.id, expiresAt: entry.keepUntil });
    }
  }

  async saveState(id: string, state: Task): Promise<void> {
    const entry = this.entry(id);
    if (!entry.state || !isFinal(entry.state.status)) entry.state = state;
  }

  async saveVideos(id: string, videos: StoredVideo[]): Promise<void> {
    this.entry(id).videos = videos;
  }

  async getTask(id: string): Promise<GatewayTask> {
    const entry = this.tasks.get(id);
    return { owner: entry?.owner, state: entry?.state, videos: entry?.videos };
  }

  async taskIdByExternalId(token: string, externalTaskId: string): Promise<string | undefined> {
    const claim = this.externalIds.get(`${token}\n${externalTaskId}`);
    return claim && claim.expiresAt > this.now() ? claim.taskId : undefined;
  }

  async addJob(job: Omit<Job, 'attempts'>, dueAt: number): Promise<boolean> {
    if (this.jobs.has(job.id)) return false;
    this.jobs.set(job.id, { ...job, attempts: 0, dueAt, done: false });
    return true;
  }

  async claimJobs(now: number, limit: number, claimMs: number): Promise<Job[]> {
    const due = [...this.jobs.values()].filter((job) => !job.done && job.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt);
    return due.slice(0, limit).map((job) => {
      job.dueAt = now + claimMs;
      return { id: job.id, kind: job.kind, taskId: job.taskId, attempts: job.attempts };
    });
  }

  async finishJob(id: string): Promise<void> {
    const job = this.jobs.get(id);
    if (job) job.done = true;
  }

  async retryJob(id: string, dueAt: number, attempts: number): Promise<void> {
    const job = this.jobs.get(id);
    if (!job || job.done) return;
    job.dueAt = dueAt;
    job.attempts = attempts;
  }

  async countRequest(token: string, windowMs: number, now: number): Promise<number> {
    const window = Math.floor(now / windowMs);
    const entry = this.windows.get(token);
    if (!entry || entry.window !== window) {
      this.windows.set(token, { window, count: 1 });
      return 1;
    }
    entry.count += 1;
    return entry.count;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}

  private entry(id: string): GatewayTask & { keepUntil: number } {
    let entry = this.tasks.get(id);
    if (!entry)
      this.tasks.set(id, (entry = { owner: undefined, state: undefined, videos: undefined, keepUntil: this.now() + this.retainMs }));
    return entry;
  }

  /** Forgets tasks past their retention, and finished jobs of forgotten tasks (at most once a minute). */
  private sweep(): void {
    const now = this.now();
    if (now - this.sweptAt < 60_000) return;
    this.sweptAt = now;
    for (const [id, entry] of this.tasks) {
      if (entry.keepUntil > now) break;
      this.tasks.delete(id);
    }
    for (const [key, claim] of this.externalIds) if (claim.expiresAt <= now) this.externalIds.delete(key);
    for (const [id, job] of this.jobs) if (job.done && !this.tasks.has(job.taskId)) this.jobs.delete(id);
  }
}

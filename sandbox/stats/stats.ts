import type { FaultKind } from '../faults/faults.js';
import type { TaskStatus } from '../tasks/task.js';

/** Everything the sandbox counts; `stats()` and `GET /__sandbox/stats` return it. */
export interface SandboxStats {
  requests: {
    total: number;
    /** Per route template, the Kling codes answered (`"dropped"`, `"lost-reply"` when the connection was destroyed). */
    byRoute: Record<string, Record<string, number>>;
    byCode: Record<string, number>;
  };
  creates: {
    /** Tasks created. */
    accepted: number;
    /** Creates refused because their external_task_id already existed on the account. */
    duplicateExternalIds: number;
    /** Tasks created per external_task_id (all accounts together): above 1 means a duplicate task. */
    tasksByExternalId: Record<string, number>;
    /** Create requests that carried each external_task_id and passed validation, whatever their outcome. */
    attemptsByExternalId: Record<string, number>;
  };
  tasks: { total: number; byStatus: Record<TaskStatus, number> };
  /** Per `<account>/<model>`: the limit, tasks running now, the most ever running at once, 1303 refusals. */
  concurrency: Record<string, { limit: number; active: number; peak: number; refused: number }>;
  callbacks: {
    /** POST attempts, retries included. */
    sent: number;
    /** Deliveries answered 2xx. */
    delivered: number;
    /** Deliveries given up after the last retry. */
    failed: number;
    /** Attempts that were retries. */
    retried: number;
    /** Attempts with Standard Webhooks signature headers / without. */
    signed: number;
    unsigned: number;
    /** Deliveries still queued or waiting for a retry. */
    pending: number;
    /** Per attempt outcome: the HTTP status, or `"network"`. */
    byOutcome: Record<string, number>;
  };
  faults: Record<FaultKind | 'taskFailure', number> & { latency: { count: number; totalMs: number } };
}

export interface StatsSources {
  tasks(): { total: number; byStatus: Record<TaskStatus, number> };
  concurrency(): SandboxStats['concurrency'];
  pendingCallbacks(): number;
}

const emptyFaults = (): SandboxStats['faults'] => ({
  internalError: 0,
  maintenance: 0,
  internalTimeout: 0,
  tooManyRequests: 0,
  dropConnection: 0,
  lostCreateReply: 0,
  taskFailure: 0,
  latency: { count: 0, totalMs: 0 },
});

/** The counters; tasks, concurrency and pending callbacks are read live from their owners. */
export class Stats {
  private requests: SandboxStats['requests'] = { total: 0, byRoute: {}, byCode: {} };
  private creates: SandboxStats['creates'] = { accepted: 0, duplicateExternalIds: 0, tasksByExternalId: {}, attemptsByExternalId: {} };
  private callbacks: Omit<SandboxStats['callbacks'], 'pending'> = {
    sent: 0,
    delivered: 0,
    failed: 0,
    retried: 0,
    signed: 0,
    unsigned: 0,
    byOutcome: {},
  };
  private faults = emptyFaults();

  constructor(private readonly sources: StatsSources) {}

  request(route: string, code: number | 'dropped' | 'lost-reply'): void {
    const key = String(code);
    this.requests.total += 1;
    const perRoute = (this.requests.byRoute[route] ??= {});
    perRoute[key] = (perRoute[key] ?? 0) + 1;
    this.requests.byCode[key] = (this.requests.byCode[key] ?? 0) + 1;
  }

  createAttempt(externalId: string | undefined): void {
    if (externalId !== undefined) bump(this.creates.attemptsByExternalId, externalId);
  }

  taskCreated(externalId: string | undefined): void {
    this.creates.accepted += 1;
    if (externalId !== undefined) bump(this.creates.tasksByExternalId, externalId);
  }

  duplicateRefused(): void {
    this.creates.duplicateExternalIds += 1;
  }

  fault(kind: FaultKind | 'taskFailure'): void {
    this.faults[kind] += 1;
  }

  latency(ms: number): void {
    this.faults.latency.count += 1;
    this.faults.latency.totalMs += ms;
  }

  callbackAttempt(options: { signed: boolean; retry: boolean; outcome: string; delivered: boolean }): void {
    this.callbacks.sent += 1;
    if (options.retry) this.callbacks.retried += 1;
    if (options.signed) this.callbacks.signed += 1;
    else this.callbacks.unsigned += 1;
    if (options.delivered) this.callbacks.delivered += 1;
    bump(this.callbacks.byOutcome, options.outcome);
  }

  callbackGaveUp(): void {
    this.callbacks.failed += 1;
  }

  reset(): void {
    this.requests = { total: 0, byRoute: {}, byCode: {} };
    this.creates = { accepted: 0, duplicateExternalIds: 0, tasksByExternalId: {}, attemptsByExternalId: {} };
    this.callbacks = { sent: 0, delivered: 0, failed: 0, retried: 0, signed: 0, unsigned: 0, byOutcome: {} };
    this.faults = emptyFaults();
  }

  snapshot(): SandboxStats {
    return structuredClone({
      requests: this.requests,
      creates: this.creates,
      tasks: this.sources.tasks(),
      concurrency: this.sources.concurrency(),
      callbacks: { ...this.callbacks, pending: this.sources.pendingCallbacks() },
      faults: this.faults,
    });
  }
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

/** One line of a token's audit log. Only ids, models, units and outcomes: never a secret or a prompt. */
export interface AuditRecord {
  event: 'create' | 'read' | 'upstream-callback' | 'task-end' | 'callback-delivery';
  token: string;
  /** `ok`, or what happened instead (`refused`, `failed`, `given-up`, …). */
  outcome: string;
  model?: string;
  /** Estimated units for a create, charged units when a task ends. */
  units?: number;
  taskId?: string;
  externalTaskId?: string;
  /** The Kling code of a refusal. */
  code?: number;
  status?: string;
  detail?: string;
}

/**
 * The audit log: one JSON line per create, read and callback, in one file per token
 * (`<dir>/<token>.jsonl`), stamped with the time and the replica. Appends are queued per file,
 * so lines never interleave within a process; replicas sharing the folder append whole lines.
 */
export class AuditLog {
  #queues = new Map<string, Promise<void>>();
  #ready: Promise<unknown>;

  constructor(
    readonly dir: string,
    private readonly replica: string,
    private readonly onError: (error: unknown) => void,
  ) {
    this.#ready = mkdir(dir, { recursive: true }).catch(onError);
  }

  record(record: AuditRecord): void {
    const line = `${JSON.stringify({ time: new Date().toISOString(), replica: this.replica, ...record })}\n`;
    const file = path.join(this.dir, `${record.token}.jsonl`);
    const previous = this.#queues.get(file) ?? this.#ready;
    const next = previous.then(() => appendFile(file, line, { mode: 0o600 })).catch(this.onError);
    this.#queues.set(file, next);
    void next.then(() => {
      if (this.#queues.get(file) === next) this.#queues.delete(file);
    });
  }

  /** Resolves when every line recorded so far is written. */
  async flush(): Promise<void> {
    await Promise.all([...this.#queues.values()]);
  }
}

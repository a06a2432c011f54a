import { randomUUID } from 'node:crypto';
import type { Stats } from '../stats/stats.js';
import { signCallback } from './sign.js';

export interface CallbackSenderOptions {
  /** Retries after a failed attempt (non-2xx or network error). */
  retries: number;
  /** Delay before the first retry; doubles each time. */
  retryDelayMs: number;
  /** Per-attempt deadline. */
  timeoutMs: number;
  /** The server's wall clock in ms, for webhook timestamps. */
  wallNow: () => number;
}

export interface Callback {
  /** Deliveries of one task stay in order. */
  taskId: string;
  url: string;
  body: string;
  secret: string | undefined;
}

/**
 * POSTs task records to callback URLs: one queue per task so its statuses arrive in order, signed
 * with Standard Webhooks headers when the account has a secret, retried a few times on failure.
 */
export class CallbackSender {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly stop = new AbortController();
  private pendingCount = 0;

  constructor(
    private readonly options: CallbackSenderOptions,
    private readonly stats: Stats,
  ) {}

  send(callback: Callback): void {
    if (this.stop.signal.aborted) return;
    this.pendingCount += 1;
    const previous = this.queues.get(callback.taskId) ?? Promise.resolve();
    const next = previous
      .then(() => this.deliver(callback))
      .finally(() => {
        this.pendingCount -= 1;
        if (this.queues.get(callback.taskId) === next) this.queues.delete(callback.taskId);
      });
    this.queues.set(callback.taskId, next);
  }

  get pending(): number {
    return this.pendingCount;
  }

  /** Resolves when every queued delivery has finished (delivered or given up). */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()]);
  }

  close(): void {
    this.stop.abort();
  }

  private async deliver(callback: Callback): Promise<void> {
    // One message id for all attempts of a delivery, as Standard Webhooks receivers expect.
    const messageId = `msg_${randomUUID()}`;
    for (let attempt = 0; attempt <= this.options.retries; attempt += 1) {
      if (this.stop.signal.aborted) return;
      if (attempt > 0) await this.pause(this.options.retryDelayMs * 2 ** (attempt - 1));
      if (this.stop.signal.aborted) return;
      const outcome = await this.post(callback, messageId);
      const delivered = /^2\d\d$/.test(outcome);
      this.stats.callbackAttempt({ signed: callback.secret !== undefined, retry: attempt > 0, outcome, delivered });
      if (delivered) return;
    }
    this.stats.callbackGaveUp();
  }

  /** One attempt: the HTTP status as a string, or "network". */
  private async post(callback: Callback, messageId: string): Promise<string> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'kling-sandbox-callbacks' };
    if (callback.secret !== undefined) {
      Object.assign(headers, signCallback(callback.secret, messageId, Math.floor(this.options.wallNow() / 1000), callback.body));
    }
    try {
      const response = await fetch(callback.url, {
        method: 'POST',
        headers,
        body: callback.body,
        redirect: 'manual',
        signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(this.options.timeoutMs)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      return String(response.status);
    } catch {
      return 'network';
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.stop.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      this.stop.signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

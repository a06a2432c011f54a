import type { Account } from './accounts/account.js';
import { concurrencyLimit, DEFAULT_ACCOUNT } from './accounts/account.js';
import { Accounts } from './accounts/accounts.js';
import { CallbackSender } from './callbacks/sender.js';
import { SandboxClock } from './clock/clock.js';
import { streamFor, type Random } from './random/prng.js';
import { legacyRecord } from './records/legacy.js';
import { newStandardRecord } from './records/new-standard.js';
import { Stats } from './stats/stats.js';
import { IdGenerator } from './tasks/ids.js';
import { Lifecycle } from './tasks/lifecycle.js';
import { Slots } from './tasks/slots.js';
import { TaskStore } from './tasks/store.js';
import { isFinal, TASK_STATUSES, type SandboxTask, type TaskStatus } from './tasks/task.js';

export interface EngineConfig {
  seed: number;
  timeScale: number;
  manualClock: boolean;
  units: number;
  concurrency: number;
  callbackRetries: number;
  callbackRetryDelayMs: number;
  now?: () => number;
}

/**
 * The sandbox's state and the parts that act on it: clock, accounts, tasks and their lifecycle,
 * concurrency slots, callbacks and stats. HTTP handlers and the control API both work through it.
 */
export class Engine {
  readonly clock: SandboxClock;
  readonly accounts: Accounts;
  readonly tasks = new TaskStore();
  readonly slots = new Slots();
  readonly ids: IdGenerator;
  /** Draws the few milliseconds Kling's result durations run over the request. */
  readonly durationJitter: Random;
  readonly stats: Stats;
  readonly lifecycle: Lifecycle;
  readonly callbacks: CallbackSender;
  /** The sandbox's own base URL (known once it listens): result URLs are absolute on it. */
  baseUrl = '';

  constructor(readonly config: EngineConfig) {
    this.clock = new SandboxClock({ timeScale: config.timeScale, manual: config.manualClock, source: config.now });
    this.accounts = new Accounts(config.seed, this.clock, { units: config.units, concurrency: config.concurrency });
    this.ids = new IdGenerator(streamFor(config.seed, 'ids'));
    this.durationJitter = streamFor(config.seed, 'durations');
    this.stats = new Stats({
      tasks: () => this.taskCounts(),
      concurrency: () => this.slots.snapshot((accountId, model) => this.limitOf(accountId, model)),
      pendingCallbacks: () => this.callbacks.pending,
    });
    this.callbacks = new CallbackSender(
      {
        retries: config.callbackRetries,
        retryDelayMs: config.callbackRetryDelayMs,
        timeoutMs: 10_000,
        wallNow: () => this.clock.wallNow(),
      },
      this.stats,
    );
    this.lifecycle = new Lifecycle(this.clock, streamFor(config.seed, 'lifecycle'), {
      changed: (task) => this.changed(task),
    });
  }

  /** The account that start options and control calls without an account id refer to. */
  defaultAccount(): Account {
    return this.accounts.get(DEFAULT_ACCOUNT) ?? this.accounts.set(DEFAULT_ACCOUNT, {});
  }

  /** Brings every task up to the clock; call before reading tasks. */
  catchUp(): void {
    this.lifecycle.catchUp();
  }

  /** A task's record in the shape of its standard, as its callbacks carry it. */
  recordInOwnShape(task: SandboxTask): Record<string, unknown> {
    return task.standard === 'new' ? newStandardRecord(task, this.baseUrl) : legacyRecord(task, this.baseUrl);
  }

  /** Announces a status change: callbacks, and at the end the slot and (on failure) the units. */
  changed(task: SandboxTask): void {
    if (isFinal(task.status)) {
      this.slots.release(task.accountId, task.model);
      const account = this.accounts.get(task.accountId);
      if (task.status === 'failed' && account) account.remainingUnits = round(account.remainingUnits + task.units);
    }
    if (task.callbackUrl !== undefined) {
      this.callbacks.send({
        taskId: task.id,
        url: task.callbackUrl,
        body: JSON.stringify(this.recordInOwnShape(task)),
        secret: this.accounts.get(task.accountId)?.webhookSecret,
      });
    }
  }

  stop(): void {
    this.lifecycle.stop();
    this.callbacks.close();
  }

  private limitOf(accountId: string, model: string): number {
    const account = this.accounts.get(accountId);
    return account ? concurrencyLimit(account, model) : this.config.concurrency;
  }

  private taskCounts(): { total: number; byStatus: Record<TaskStatus, number> } {
    this.catchUp();
    const byStatus = Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as Record<TaskStatus, number>;
    for (const task of this.tasks.all()) byStatus[task.status] += 1;
    return { total: this.tasks.size, byStatus };
  }
}

export const round = (value: number): number => Math.round(value * 1000) / 1000;

import { z } from 'zod';
import { accountInfo, DEFAULT_ACCOUNT, type AccountInfo, type AccountSettings } from '../accounts/account.js';
import type { ClockState } from '../clock/clock.js';
import type { Engine } from '../engine.js';
import { faultsSchema, type Faults } from '../faults/faults.js';
import type { SandboxStats } from '../stats/stats.js';
import { isFinal, type TaskStatus } from '../tasks/task.js';
import { ControlError, parseControl } from './control-error.js';

/** A task as the control API lists it (for tests and debugging; Kling's own shapes are on the API). */
export interface TaskSummary {
  id: string;
  accountId: string;
  externalTaskId: string | undefined;
  standard: 'new' | 'legacy';
  product: string;
  model: string;
  status: TaskStatus;
  createdAt: number;
  updatedAt: number;
  /** When the task ended (task time, ms); undefined while it runs. */
  endedAt: number | undefined;
  /** How long the task takes from its create to its end (task time, ms): known from the create on. */
  generationMs: number;
  units: number;
}

export const clockChangeSchema = z
  .object({
    /** Moves task time forward: running tasks progress (and finish) at once. */
    advanceMs: z.number().min(0).optional(),
    /** New multiplier of typical generation times; stretches what is left of running tasks too. */
    timeScale: z.number().positive().optional(),
    /** Puts the server's wall clock (JWT checks, Date header, webhook timestamps) this far off. */
    skewMs: z.number().optional(),
  })
  .strict();
export type ClockChange = z.infer<typeof clockChangeSchema>;

/** The control operations, shared by the `/__sandbox/` routes and the in-process `Sandbox` helpers. */
export class SandboxControl {
  constructor(private readonly engine: Engine) {}

  stats(): SandboxStats {
    return this.engine.stats.snapshot();
  }

  resetStats(): void {
    this.engine.stats.reset();
    this.engine.slots.resetCounters();
  }

  setAccount(id: string, settings: AccountSettings): AccountInfo {
    return accountInfo(this.engine.accounts.set(id, settings));
  }

  account(id: string = DEFAULT_ACCOUNT): AccountInfo | undefined {
    this.engine.catchUp();
    const account = this.engine.accounts.get(id);
    return account ? accountInfo(account) : undefined;
  }

  accounts(): AccountInfo[] {
    this.engine.catchUp();
    return this.engine.accounts.all().map(accountInfo);
  }

  /** Replaces the faults of an account (`{}` clears them). */
  setFaults(faults: Faults, accountId: string = DEFAULT_ACCOUNT): AccountInfo {
    const parsed = parseControl(faultsSchema, faults, `faults of ${accountId}`);
    if (!this.engine.accounts.get(accountId)) throw new ControlError(`account '${accountId}' does not exist`);
    return accountInfo(this.engine.accounts.set(accountId, { faults: parsed }));
  }

  clock(): ClockState {
    return this.engine.clock.state();
  }

  changeClock(input: ClockChange): ClockState {
    const change = parseControl(clockChangeSchema, input, 'clock');
    const { clock } = this.engine;
    if (change.skewMs !== undefined) clock.setSkew(change.skewMs);
    if (change.timeScale !== undefined) clock.setTimeScale(change.timeScale);
    if (change.advanceMs !== undefined) clock.advance(change.advanceMs);
    return clock.state();
  }

  tasks(accountId?: string): TaskSummary[] {
    this.engine.catchUp();
    return this.engine.tasks
      .all()
      .filter((task) => accountId === undefined || task.accountId === accountId)
      .map((task) => ({
        id: task.id,
        accountId: task.accountId,
        externalTaskId: task.externalTaskId,
        standard: task.standard,
        product: task.product,
        model: task.model,
        status: task.status,
        createdAt: task.createdAt,
        updatedAt: task.updatedAt,
        endedAt: isFinal(task.status) ? task.updatedAt : undefined,
        generationMs: Math.round(task.plan.endAt) - task.createdAt,
        units: task.units,
      }));
  }

  /** Resolves once every queued callback has been delivered or given up. */
  callbacksIdle(): Promise<void> {
    return this.engine.callbacks.idle();
  }
}

import { KlingError } from '../errors/kling-error.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Refuses a create whose estimate exceeds the per-task limit, or that would take this client's
 * spending in the last 24 hours over the daily limit. Checked before any request is made. Spending
 * is the estimate until the task ends, then its real cost.
 */
export class BudgetGuard {
  private readonly ledger = new Map<string, { at: number; units: number }>();

  constructor(
    private readonly limits: { maxUnitsPerTask?: number; maxUnitsPerDay?: number },
    private readonly now: () => number = Date.now,
  ) {}

  check(model: string, estimateUnits: number | undefined): void {
    const { maxUnitsPerTask, maxUnitsPerDay } = this.limits;
    if (maxUnitsPerTask === undefined && maxUnitsPerDay === undefined) return;
    if (estimateUnits === undefined) {
      throw new KlingError({
        kind: 'budget',
        message: `budget: the cost of this ${model} task cannot be estimated, and a budget is set`,
        hint: 'Give the information the estimate needs (for motion control, motionVideoSeconds) or remove the budget.',
      });
    }
    if (maxUnitsPerTask !== undefined && estimateUnits > maxUnitsPerTask) {
      throw new KlingError({
        kind: 'budget',
        message: `budget: the estimate of ${estimateUnits} units exceeds the per-task limit of ${maxUnitsPerTask} units`,
        hint: 'Choose a shorter duration, a lower resolution or a cheaper model, or raise budget.maxUnitsPerTask.',
      });
    }
    if (maxUnitsPerDay !== undefined) {
      const spent = this.spentToday();
      if (spent + estimateUnits > maxUnitsPerDay) {
        throw new KlingError({
          kind: 'budget',
          message: `budget: the estimate of ${estimateUnits} units would bring the last 24 h to ${round(spent + estimateUnits)} units, over the daily limit of ${maxUnitsPerDay} units (${round(spent)} spent or reserved)`,
          hint: 'Wait until earlier spending leaves the 24-hour window, or raise budget.maxUnitsPerDay.',
        });
      }
    }
  }

  reserve(key: string, units: number | undefined): void {
    if (units !== undefined) this.ledger.set(key, { at: this.now(), units });
  }

  /** Replaces the estimate by what the task really cost (0 for a failed task). */
  settle(key: string, units: number | undefined): void {
    const entry = this.ledger.get(key);
    if (entry && units !== undefined) entry.units = units;
  }

  spentToday(): number {
    const since = this.now() - DAY_MS;
    let total = 0;
    for (const [key, entry] of this.ledger) {
      if (entry.at < since) this.ledger.delete(key);
      else total += entry.units;
    }
    return total;
  }
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

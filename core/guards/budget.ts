import { KlingError } from '../errors/kling-error.js';
import type { BudgetLedger } from '../state/budget-ledger.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A spending limit over a sliding window, for one scope (an account, a gateway token). */
export interface BudgetRule {
  scope: string;
  limitUnits: number;
  windowMs: number;
  /** How the limit is named in a refusal ("daily limit", "monthly limit of token 'ci'"). */
  label?: string;
}

export interface BudgetLimits {
  maxUnitsPerTask?: number;
  maxUnitsPerDay?: number;
}

/** What was reserved for one create: settled with the real cost, or released if nothing was created. */
export interface BudgetHold {
  key: string;
  scopes: string[];
}

/**
 * Refuses a create whose estimate exceeds the per-task limit, or that would take a scope's
 * spending over its window's limit. The estimate is reserved atomically in the ledger before the
 * create is sent, so concurrent creates cannot all pass one check; it is replaced by the real cost
 * when the task ends.
 */
export class BudgetGuard {
  constructor(
    private readonly ledger: BudgetLedger,
    private readonly limits: BudgetLimits,
    private readonly accountScope: string,
  ) {}

  /** The account's rules from the configuration. */
  rules(): BudgetRule[] {
    const { maxUnitsPerDay } = this.limits;
    return maxUnitsPerDay === undefined
      ? []
      : [{ scope: this.accountScope, limitUnits: maxUnitsPerDay, windowMs: DAY_MS, label: 'daily limit' }];
  }

  /** Reserves the estimate under every rule, or throws a budget error naming the one that refuses. */
  async reserve(
    key: string,
    model: string,
    estimateUnits: number | undefined,
    extraRules: readonly BudgetRule[] = [],
  ): Promise<BudgetHold> {
    const rules = [...this.rules(), ...extraRules];
    const { maxUnitsPerTask } = this.limits;
    if (rules.length === 0 && maxUnitsPerTask === undefined) return { key, scopes: [] };
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
    const held: BudgetHold = { key, scopes: [] };
    for (const rule of rules) {
      const outcome = await this.ledger.reserve(rule.scope, key, estimateUnits, rule.limitUnits, rule.windowMs);
      if (!outcome.ok) {
        await this.release(held);
        throw refusal(rule, estimateUnits, outcome.spent);
      }
      held.scopes.push(rule.scope);
    }
    return held;
  }

  /**
   * Records spending the ledger lost (rebuilt from Kling's task list) under the account's rules,
   * whatever the limit: it happened. Returns the hold, to settle when the task ends.
   */
  async restore(key: string, units: number): Promise<BudgetHold> {
    const held: BudgetHold = { key, scopes: [] };
    for (const rule of this.rules()) {
      await this.ledger.reserve(rule.scope, key, units, Number.POSITIVE_INFINITY, rule.windowMs);
      held.scopes.push(rule.scope);
    }
    return held;
  }

  async settle(hold: BudgetHold, units: number): Promise<void> {
    for (const scope of hold.scopes) await this.ledger.settle(scope, hold.key, units);
  }

  async release(hold: BudgetHold): Promise<void> {
    for (const scope of hold.scopes) await this.ledger.release(scope, hold.key);
  }

  /** Units spent or reserved by the account in the last 24 hours. */
  spentToday(): Promise<number> {
    return this.ledger.spent(this.accountScope, DAY_MS);
  }
}

function refusal(rule: BudgetRule, units: number, spent: number): KlingError {
  const window = rule.windowMs === DAY_MS ? 'the last 24 h' : `the last ${Math.round(rule.windowMs / DAY_MS)} days`;
  const label = rule.label ?? 'limit';
  return new KlingError({
    kind: 'budget',
    message: `budget: the estimate of ${units} units would bring ${window} to ${round(spent + units)} units, over the ${label} of ${rule.limitUnits} units (${round(spent)} spent or reserved)`,
    hint:
      rule.label === 'daily limit'
        ? 'Wait until earlier spending leaves the 24-hour window, or raise budget.maxUnitsPerDay.'
        : 'Wait until earlier spending leaves the window, or raise the limit.',
  });
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

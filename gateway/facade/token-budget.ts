import type { BudgetRule } from '../../core/index.js';
import type { TokenConfig } from '../config.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A token's unit budget as a rule the engine reserves atomically with the account's own. */
export function tokenBudget(token: TokenConfig): BudgetRule[] {
  if (token.budget === undefined) return [];
  const daily = token.budget.per === 'day';
  return [
    {
      scope: `token:${token.name}`,
      limitUnits: token.budget.units,
      windowMs: daily ? DAY_MS : 30 * DAY_MS,
      label: `${daily ? 'daily' : 'monthly'} budget of token '${token.name}'`,
    },
  ];
}

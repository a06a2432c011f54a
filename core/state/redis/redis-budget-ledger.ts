import type { BudgetLedger, Reservation } from '../budget-ledger.js';
import type { RedisConnection } from './connection.js';
import type { AccountKeys } from './keys.js';
import { RELEASE_RESERVATION, RESERVE, SETTLE, SPENT } from './budget-scripts.js';

/**
 * The budget ledger shared through Redis: the check and the reservation are one script, so
 * creates in any number of processes cannot all pass one check (budget-scripts.ts).
 */
export class RedisBudgetLedger implements BudgetLedger {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: AccountKeys,
  ) {}

  async reserve(scope: string, key: string, units: number, limit: number, windowMs: number): Promise<Reservation> {
    // Lua reads numbers with strtod: keep an unlimited reservation (restored spending) a plain number.
    const bound = Number.isFinite(limit) ? limit : Number.MAX_SAFE_INTEGER;
    const [ok, spent] = await this.redis.run<[number, string]>(RESERVE, this.scopeKeys(scope), [key, units, bound, windowMs]);
    return ok === 1 ? { ok: true } : { ok: false, spent: Number(spent) };
  }

  async settle(scope: string, key: string, units: number): Promise<void> {
    await this.redis.run(SETTLE, this.scopeKeys(scope), [key, units]);
  }

  async release(scope: string, key: string): Promise<void> {
    await this.redis.run(RELEASE_RESERVATION, this.scopeKeys(scope), [key]);
  }

  async spent(scope: string, windowMs: number): Promise<number> {
    return Number(await this.redis.run<string>(SPENT, this.scopeKeys(scope), [windowMs]));
  }

  private scopeKeys(scope: string): string[] {
    const { at, units } = this.keys.budget(scope);
    return [at, units];
  }
}

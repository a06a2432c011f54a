import type { BudgetLedger, Reservation } from '../budget-ledger.js';

interface Spend {
  at: number;
  units: number;
}

/**
 * The embedded ledger. Entries leave when they fall out of the window, on every call, so it holds
 * at most one window of spending; a process that sets no budget never reserves, and holds nothing.
 */
export class MemoryBudgetLedger implements BudgetLedger {
  private readonly scopes = new Map<string, Map<string, Spend>>();

  constructor(private readonly now: () => number) {}

  async reserve(scope: string, key: string, units: number, limit: number, windowMs: number): Promise<Reservation> {
    const spent = this.total(scope, windowMs);
    if (spent + units > limit) return { ok: false, spent };
    let entries = this.scopes.get(scope);
    if (!entries) this.scopes.set(scope, (entries = new Map()));
    entries.set(key, { at: this.now(), units });
    return { ok: true };
  }

  async settle(scope: string, key: string, units: number): Promise<void> {
    const entry = this.scopes.get(scope)?.get(key);
    if (entry) entry.units = units;
  }

  async release(scope: string, key: string): Promise<void> {
    this.scopes.get(scope)?.delete(key);
  }

  async spent(scope: string, windowMs: number): Promise<number> {
    return this.total(scope, windowMs);
  }

  private total(scope: string, windowMs: number): number {
    const entries = this.scopes.get(scope);
    if (!entries) return 0;
    const since = this.now() - windowMs;
    let total = 0;
    for (const [key, entry] of entries) {
      if (entry.at < since) entries.delete(key);
      else total += entry.units;
    }
    return total;
  }
}

interface SlotCount {
  active: number;
  peak: number;
  refused: number;
}

/**
 * Running tasks per account × model version (shared/kling-api.md §7): a task holds its slot from
 * submit until it ends. Counts the peak and the 1303 refusals for the stats.
 */
export class Slots {
  private readonly counts = new Map<string, SlotCount>();

  active(accountId: string, model: string): number {
    return this.counts.get(key(accountId, model))?.active ?? 0;
  }

  take(accountId: string, model: string): void {
    const count = this.entry(accountId, model);
    count.active += 1;
    count.peak = Math.max(count.peak, count.active);
  }

  release(accountId: string, model: string): void {
    const count = this.entry(accountId, model);
    count.active = Math.max(0, count.active - 1);
  }

  refused(accountId: string, model: string): void {
    this.entry(accountId, model).refused += 1;
  }

  /** Forgets peaks and refusals (what is running now stays). */
  resetCounters(): void {
    for (const count of this.counts.values()) {
      count.peak = count.active;
      count.refused = 0;
    }
  }

  snapshot(limitOf: (accountId: string, model: string) => number): Record<string, SlotCount & { limit: number }> {
    const result: Record<string, SlotCount & { limit: number }> = {};
    for (const [name, count] of this.counts) {
      const [accountId, model] = name.split('/') as [string, string];
      result[name] = { limit: limitOf(accountId, model), ...count };
    }
    return result;
  }

  private entry(accountId: string, model: string): SlotCount {
    const name = key(accountId, model);
    let count = this.counts.get(name);
    if (!count) {
      count = { active: 0, peak: 0, refused: 0 };
      this.counts.set(name, count);
    }
    return count;
  }
}

const key = (accountId: string, model: string): string => `${accountId}/${model}`;

/**
 * How short the makespan of tasks with known durations can be on `slots` parallel slots (a task
 * holds a slot from its create to its end). The shortest schedule is NP-hard to find (P||Cmax),
 * so two figures bracket it, both from the durations the sandbox actually drew.
 */

/**
 * No schedule is shorter than the largest of: the total work ÷ the slots; the longest task; and
 * the C-th plus the (C+1)-th longest tasks (two of the C+1 longest must share a slot).
 */
export function makespanLowerBound(durations: readonly number[], slots: number): number {
  const longestFirst = [...durations].sort((a, b) => b - a);
  const total = durations.reduce((sum, duration) => sum + duration, 0);
  const pair = longestFirst.length > slots ? (longestFirst[slots - 1] as number) + (longestFirst[slots] as number) : 0;
  return Math.max(total / slots, longestFirst[0] ?? 0, pair);
}

/**
 * The makespan of a client that reacts with zero delay: each task is created the moment a slot
 * frees, in creation order. The sandbox draws durations in creation order, so every client of a
 * run with the same seed gets this sequence: it is achievable, and at least the lower bound.
 */
export function listScheduleMakespan(durationsInCreationOrder: readonly number[], slots: number): number {
  const freeAt = Array.from({ length: slots }, () => 0);
  for (const duration of durationsInCreationOrder) {
    let earliest = 0;
    for (let slot = 1; slot < slots; slot += 1) if ((freeAt[slot] as number) < (freeAt[earliest] as number)) earliest = slot;
    freeAt[earliest] = (freeAt[earliest] as number) + duration;
  }
  return Math.max(0, ...freeAt);
}

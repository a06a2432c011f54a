/** When to read a followed task; all figures in the client's (possibly scaled) milliseconds. */
export interface PollTiming {
  minIntervalMs: number;
  maxIntervalMs: number;
}

/**
 * Without a callback, the first look comes a little before the typical end, so that an early end is
 * seen soon; a late one costs a few more reads (`npm run bench:poll-floor` weighs the trade).
 */
const FIRST_LOOK = 0.9;
/** With a callback, the first look is only a safety net, late enough that callbacks come first. */
const CALLBACK_SAFETY_NET = 1.5;
/** After the first look, short flat intervals: the slot a finished task holds is freed soon after it ends. */
const INTERVAL = 0.08;

export function firstLookAt(task: { startedAt: number; expectedMs: number; callback: boolean }, now: number, timing: PollTiming): number {
  const at = task.startedAt + task.expectedMs * (task.callback ? CALLBACK_SAFETY_NET : FIRST_LOOK);
  return Math.max(now + timing.minIntervalMs, at);
}

export function intervalFor(task: { expectedMs: number }, timing: PollTiming): number {
  return Math.min(timing.maxIntervalMs, Math.max(timing.minIntervalMs, task.expectedMs * INTERVAL));
}

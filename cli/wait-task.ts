import type { KlingClient, WaitResult } from '../core/index.js';
import { UsageError } from './errors.js';
import { createProgress } from './progress.js';
import type { Io } from './output.js';

/** The default for `--timeout`: long enough for slow models in a queue (Kling: 1–5 min typically). */
export const DEFAULT_WAIT = '30m';

/** The longest wait: the client stops following a task after 3 h of it anyway. */
const MAX_WAIT_MS = 24 * 3_600_000;

/** `90`, `90s`, `15m`, `1h` → milliseconds, from 1 ms to 24 h. */
export function parseWaitDuration(flag: string, value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(value);
  const unit = (match?.[2] ?? 's').toLowerCase();
  const factor = unit === 'ms' ? 1 : unit === 's' ? 1_000 : unit === 'm' ? 60_000 : 3_600_000;
  const ms = match ? Math.round(Number(match[1]) * factor) : NaN;
  if (!(ms >= 1 && ms <= MAX_WAIT_MS)) {
    throw new UsageError(`${flag}: '${value}' is not a duration from 1ms to 24h (e.g. 90s, 15m, 1h)`, flag);
  }
  return ms;
}

/**
 * Waits for a task with a progress display on stderr. Ctrl-C stops waiting (the task keeps
 * running) and resolves with reason `cancelled`; a second Ctrl-C exits at once.
 */
export async function waitWithProgress(
  client: KlingClient,
  handle: string,
  io: Io,
  options: { timeoutMs: number; quiet?: boolean },
): Promise<WaitResult> {
  const progress = createProgress(io.stderr, { quiet: options.quiet });
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    return await client.wait(handle, {
      timeoutMs: options.timeoutMs,
      signal: controller.signal,
      onProgress: (update) => progress.update(update),
      progressIntervalMs: io.stderr.isTTY ? 250 : 1_000,
    });
  } finally {
    process.off('SIGINT', onInterrupt);
    progress.stop();
  }
}

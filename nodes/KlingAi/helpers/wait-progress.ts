import type { IExecuteFunctions } from 'n8n-workflow';
import type { Progress } from '../../../core/index.js';

/** How often a long wait says it is still going, besides each change of status. */
const EVERY_MS = 15_000;

/**
 * Progress of one item's wait, for the person watching a manual run: a line in the browser's
 * console (n8n's `sendMessageToUI`, shown only for manual executions) at each status change and
 * every 15 seconds, e.g. `Kling AI, item 1: running, 45 s so far (typically about 2 min)`.
 */
export function progressReporter(context: IExecuteFunctions, itemIndex: number): (progress: Progress) => void {
  let lastStatus: string | undefined;
  let lastElapsed = -Infinity;
  return (progress) => {
    if (progress.status === lastStatus && progress.elapsedMs - lastElapsed < EVERY_MS) return;
    lastStatus = progress.status;
    lastElapsed = progress.elapsedMs;
    const typical = progress.expectedMs > 0 ? ` (typically about ${duration(progress.expectedMs)})` : '';
    context.sendMessageToUI(
      `${context.getNode().name}, item ${itemIndex + 1}: ${progress.status}, ${duration(progress.elapsedMs)} so far${typical}`,
    );
  };
}

/** The wait options that report progress this way. */
export function progressOptions(
  context: IExecuteFunctions,
  itemIndex: number,
): { onProgress: (progress: Progress) => void; progressIntervalMs: number } {
  return { onProgress: progressReporter(context, itemIndex), progressIntervalMs: 5_000 };
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

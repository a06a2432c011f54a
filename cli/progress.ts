import type { Progress } from '../core/index.js';
import { formatClock } from './output.js';

export interface ProgressDisplay {
  update(progress: Progress): void;
  /** Ends the display (clears the bar on a terminal). */
  stop(): void;
}

const BAR_WIDTH = 28;

/**
 * Waiting progress on stderr: a redrawn bar on a terminal; otherwise plain lines, one when the
 * status changes and one per 25 % step, so logs stay short. `quiet` shows nothing.
 */
export function createProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }, options: { quiet?: boolean } = {}): ProgressDisplay {
  if (options.quiet) return { update: () => undefined, stop: () => undefined };
  return stream.isTTY ? barDisplay(stream) : lineDisplay(stream);
}

function barDisplay(stream: NodeJS.WritableStream): ProgressDisplay {
  let drawn = false;
  return {
    update(progress) {
      const filled = Math.round(progress.fraction * BAR_WIDTH);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
      const percent = `${Math.floor(progress.fraction * 100)}`.padStart(3);
      const times = `${formatClock(progress.elapsedMs)} / ~${formatClock(progress.expectedMs)}`;
      stream.write(`\r\x1b[2K${bar} ${percent}% ${progress.status.padEnd(9)} ${times}`);
      drawn = true;
    },
    stop() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

function lineDisplay(stream: NodeJS.WritableStream): ProgressDisplay {
  let lastStatus: string | undefined;
  let lastStep = -1;
  return {
    update(progress) {
      const step = Math.floor(progress.fraction * 4);
      if (progress.status === lastStatus && step === lastStep) return;
      lastStatus = progress.status;
      lastStep = step;
      stream.write(
        `progress: ${progress.status} ${Math.floor(progress.fraction * 100)}% after ${formatClock(progress.elapsedMs)} (typically ~${formatClock(progress.expectedMs)})\n`,
      );
    },
    stop() {},
  };
}

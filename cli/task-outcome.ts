import type { Task } from '../core/index.js';
import type { Download } from './download.js';
import { EXIT } from './errors.js';
import { formatTask, formatUnits, printJson, println, type Io } from './output.js';

/* How a command that followed a task reports its end: saved, failed, or still running. */

/** `Saved <path> (<n> bytes, MP4)`. */
export function savedLine(saved: Download): string {
  return `Saved ${saved.path} (${saved.bytes} bytes${saved.mp4 ? ', MP4' : ', not recognised as MP4'})`;
}

/** The video was saved: path, handle, actual cost against the estimate. */
export function printSaved(io: Io, task: Task, saved: Download, estimatedUnits: number | undefined): void {
  println(io.stdout, savedLine(saved));
  println(io.stdout, `Handle: ${task.handle}`);
  const estimate = estimatedUnits === undefined ? '' : ` (estimated ${formatUnits(estimatedUnits)})`;
  println(io.stdout, `Cost: ${task.costUnits === undefined ? 'not reported yet' : formatUnits(task.costUnits)}${estimate}`);
}

/** The wait ended before the task did: timeout or Ctrl-C. The task keeps running. */
export function stoppedWaiting(
  io: Io,
  json: boolean,
  reason: 'timeout' | 'cancelled',
  handle: string,
  task: Task | undefined,
  pollAfterMs: number,
): number {
  const exitCode = reason === 'timeout' ? EXIT.timeout : EXIT.cancelled;
  if (json) {
    printJson(io, { ok: false, reason, handle, status: task?.status, pollAfterMs, exitCode });
  } else {
    println(
      io.stderr,
      `${reason === 'timeout' ? 'Stopped waiting (timeout)' : 'Interrupted'}; the task keeps running${task ? ` (${task.status})` : ''}.`,
    );
    println(io.stderr, `  resume with:  \`kling task ${handle} --wait --out <file.mp4>\``);
  }
  return exitCode;
}

/** The task ended as failed: its reason, exit code 5. */
export function taskFailed(io: Io, json: boolean, task: Task): number {
  if (json) {
    printJson(io, { ok: false, handle: task.handle, status: task.status, reason: task.failureMessage, exitCode: EXIT.taskFailed, task });
  } else {
    for (const line of formatTask(task)) println(io.stderr, line);
    println(
      io.stderr,
      '  what to do: change the prompt or the images (content moderation is the usual reason); failed tasks cost nothing.',
    );
  }
  return EXIT.taskFailed;
}

import type { Estimate, Task } from '../core/index.js';

/** Where a command writes; tests and the entry point pass the process's streams. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

export function println(stream: NodeJS.WritableStream, line = ''): void {
  stream.write(`${line}\n`);
}

/** One JSON document on stdout: what `--json` promises. */
export function printJson(io: Io, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function formatUnits(units: number | undefined): string {
  if (units === undefined) return 'unknown';
  return `${Number(units.toFixed(3))} unit${units === 1 ? '' : 's'}`;
}

export function formatUsd(usd: number | undefined): string {
  return usd === undefined ? '' : ` (≈ $${usd.toFixed(2)})`;
}

/** `kling-3.0-turbo text-to-video, 720p, 5 s: 4 units (≈ $0.56)` and any assumptions. */
export function formatEstimate(estimate: Estimate): string[] {
  const seconds = estimate.seconds === undefined ? '' : `, ${estimate.seconds} s`;
  const rate =
    estimate.row.perSecond !== undefined
      ? `${estimate.row.perSecond} units/s`
      : estimate.row.perClip !== undefined
        ? `${estimate.row.perClip} units/clip`
        : '';
  const lines = [
    `Estimate: ${formatUnits(estimate.units)}${formatUsd(estimate.usd)} — ${estimate.model} ${estimate.product}, ${estimate.row.resolution}${seconds} (${estimate.row.variant}${rate ? `, ${rate}` : ''})`,
  ];
  for (const assumption of estimate.assumptions) lines.push(`  note: ${assumption}`);
  return lines;
}

/** A task for people: status, handle, cost, videos or the failure. */
export function formatTask(task: Task): string[] {
  const lines = [
    `Task ${task.handle}: ${task.status}${task.klingStatus && task.klingStatus !== task.status ? ` (Kling: ${task.klingStatus})` : ''}`,
  ];
  lines.push(`  id: ${task.id}${task.externalTaskId ? `   external id: ${task.externalTaskId}` : ''}`);
  if (task.product) lines.push(`  product: ${task.product} (${task.standard} standard)`);
  if (task.costUnits !== undefined) lines.push(`  cost: ${formatUnits(task.costUnits)}`);
  for (const video of task.videos) {
    lines.push(`  video: ${video.url}${video.duration === undefined ? '' : ` (${video.duration} s)`}`);
    if (video.watermarkUrl) lines.push(`  watermarked: ${video.watermarkUrl}`);
  }
  if (task.status === 'failed') lines.push(`  reason: ${task.failureMessage || 'not given'}`);
  if (task.createdAt !== undefined) lines.push(`  created: ${new Date(task.createdAt).toISOString()}`);
  return lines;
}

/** `1:05` for 65 000 ms. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

import type { SandboxStats } from '../sandbox/index.js';

/** `GET /tasks` requests a sandbox has answered so far, whatever their outcome. */
export function taskReads(stats: SandboxStats): number {
  return Object.values(stats.requests.byRoute['GET /tasks'] ?? {}).reduce((sum, count) => sum + count, 0);
}

import type { CliCommand } from './command.js';

export interface CommandEntry {
  /** One line for `kling --help`. */
  summary: string;
  /** Loads the command only when it runs, so `kling sandbox` never loads the others. */
  load(): Promise<CliCommand>;
}

/** Every `kling` subcommand. Adding one is a file `cli/<name>-command.ts` and a line here. */
export const COMMANDS: Record<string, CommandEntry> = {
  sandbox: {
    summary: 'run a local Kling API: both standards, auth, limits, callbacks (no account needed)',
    load: async () => (await import('./sandbox-command.js')).sandboxCommand,
  },
  generate: {
    summary: 'make a video: estimate, create, wait with progress, save the MP4',
    load: async () => (await import('./generate-command.js')).generateCommand,
  },
  task: {
    summary: 'show a task (handle, id or external id); --wait for it, --out to save its video',
    load: async () => (await import('./task-command.js')).taskCommand,
  },
  estimate: {
    summary: 'price a request from the catalog: no network, no key',
    load: async () => (await import('./estimate-command.js')).estimateCommand,
  },
  serve: {
    summary: 'run a Kling-compatible gateway for a team sharing one account (tokens, budgets, callbacks, /mcp)',
    load: async () => (await import('./serve-command.js')).serveCommand,
  },
  doctor: {
    summary: 'production-readiness checks: credentials, clock, API, packs, concurrency, webhooks',
    load: async () => (await import('./doctor-command.js')).doctorCommand,
  },
};

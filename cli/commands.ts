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
};

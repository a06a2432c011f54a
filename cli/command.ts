/** One `kling <name>` subcommand. Each lives in its own `cli/<name>-command.ts`. */
export interface CliCommand {
  name: string;
  /** Runs with the arguments after the command name; resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
  /** Parses and checks the arguments as `run` would, without running anything; throws a UsageError. */
  parse(argv: string[]): void;
}

/** Exit codes shared by every command. */
export const EXIT = {
  ok: 0,
  /** Something failed while running. */
  failure: 1,
  /** The command line was wrong (unknown option, bad value). */
  usage: 2,
} as const;

import { reportError } from './errors.js';
import { println, type Io } from './output.js';
import { parseArguments, type OptionsConfig, type ParsedArguments } from './parse-arguments.js';

type ParsedValues<O extends OptionsConfig> = ParsedArguments<O>['values'];

export interface ParsedCommandSpec<O extends OptionsConfig> {
  /** The subcommand's name, for messages (`kling <name> --help`). */
  name: string;
  /** The command's options; they include `json` and `help`. */
  options: O;
  allowPositionals: boolean;
  /** Options of other commands a person may try here, with why this command has none. */
  notHere?: Readonly<Record<string, string>>;
  /** Checks of the arguments that need no file, network or settings; throws a UsageError. */
  check?(values: ParsedValues<O>, positionals: string[]): void;
  help(io: Io): string;
  /** How an error is reported (default: `reportError`); resolves to the exit code. */
  onError?(error: unknown, json: boolean): number;
}

/** Parses and checks a command line as the command would, without running it; throws a UsageError. */
export function parseCommand<O extends OptionsConfig>(
  spec: ParsedCommandSpec<O>,
  argv: string[],
): { values: ParsedValues<O>; positionals: string[] } {
  const { values, positionals } = parseArguments(spec.name, argv, spec);
  if (!(values as { help?: boolean }).help) spec.check?.(values, positionals);
  return { values, positionals };
}

/**
 * The frame of a command with `--json` and `--help`: parses the arguments strictly, prints the
 * help, runs `body`, and reports any error — as one JSON document when `--json` was given, even
 * if the arguments themselves were wrong. Resolves to the exit code.
 */
export async function runParsed<O extends OptionsConfig>(
  argv: string[],
  io: Io,
  spec: ParsedCommandSpec<O>,
  body: (args: { values: ParsedValues<O>; positionals: string[]; json: boolean }) => Promise<number>,
): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parseCommand(spec, argv);
    const flags = values as { json?: boolean; help?: boolean };
    json = flags.json ?? false;
    if (flags.help) {
      println(io.stdout, spec.help(io));
      return 0;
    }
    return await body({ values, positionals, json });
  } catch (error) {
    return spec.onError ? spec.onError(error, json) : reportError(io, error, { json, command: spec.name });
  }
}

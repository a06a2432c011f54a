import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT, reportError } from './errors.js';
import { println, type Io } from './output.js';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
type ParsedValues<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: boolean; strict: true }>>['values'];

export interface ParsedCommandSpec<O extends ParseArgsOptionsConfig> {
  /** The command's options; they include `json` and `help`. */
  options: O;
  allowPositionals: boolean;
  help(io: Io): string;
  /** How an error is reported (default: `reportError`); resolves to the exit code. */
  onError?(error: unknown, json: boolean): number;
}

/**
 * The frame of a command with `--json` and `--help`: parses the arguments strictly, prints the
 * help, runs `body`, and reports any error — as one JSON document when `--json` was given, even
 * if the arguments themselves were wrong. Resolves to the exit code.
 */
export async function runParsed<O extends ParseArgsOptionsConfig>(
  argv: string[],
  io: Io,
  spec: ParsedCommandSpec<O>,
  body: (args: { values: ParsedValues<O>; positionals: string[]; json: boolean }) => Promise<number>,
): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parseArgs({ args: argv, options: spec.options, allowPositionals: spec.allowPositionals, strict: true });
    const flags = values as { json?: boolean; help?: boolean };
    json = flags.json ?? false;
    if (flags.help) {
      println(io.stdout, spec.help(io));
      return EXIT.ok;
    }
    return await body({ values, positionals, json });
  } catch (error) {
    return spec.onError ? spec.onError(error, json) : reportError(io, error, { json });
  }
}

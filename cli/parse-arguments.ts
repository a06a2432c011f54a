import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
export type ParsedArguments<O extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: boolean; strict: true }>
>;

/**
 * `parseArgs`, strict, with its errors said in the command's terms: `unknown option --x` and where
 * the options are listed, instead of Node's wording (which suggests `--` tricks and, for unknown
 * options, ends with an unbalanced quote). `notHere` explains options a person may expect on this
 * command because another command has them.
 */
export function parseArguments<O extends OptionsConfig>(
  command: string,
  argv: string[],
  spec: { options: O; allowPositionals: boolean; notHere?: Readonly<Record<string, string>> },
): ParsedArguments<O> {
  try {
    return parseArgs({ args: argv, options: spec.options, allowPositionals: spec.allowPositionals, strict: true });
  } catch (error) {
    throw usageErrorOf(command, error, spec.notHere ?? {});
  }
}

function usageErrorOf(command: string, error: unknown, notHere: Readonly<Record<string, string>>): unknown {
  const code = (error as { code?: unknown }).code;
  const message = String((error as Error).message);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /^Unknown option '([^']*)'/.exec(message)?.[1] ?? '?';
    const name = option.replace(/=.*$/, '');
    const explanation = notHere[name];
    return new UsageError(`unknown option ${name} for kling ${command}${explanation ? `: ${explanation}` : ''}`, name);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = /--[\w-]+/.exec(message)?.[0] ?? 'an option';
    if (message.includes('does not take an argument')) return new UsageError(`${option} takes no value`, option);
    if (message.includes('ambiguous')) {
      return new UsageError(`${option} needs a value; a value that starts with '-' is written ${option}=<value>`, option);
    }
    return new UsageError(`${option} needs a value`, option);
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const argument = /^Unexpected argument '([^']*)'/.exec(message)?.[1];
    return new UsageError(`kling ${command} takes no arguments${argument === undefined ? '' : ` (got '${argument}')`}`);
  }
  return error;
}

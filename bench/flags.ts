/** A command line that cannot run: the message names the flag, the value and what is allowed. */
export class UsageError extends Error {}

/** A numeric flag's value, or `fallback` when it is absent. */
export function numberFlag(
  value: string | undefined,
  flag: string,
  fallback: number,
  rule: { integer?: boolean; min: number; max?: number },
): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  const fits =
    value.trim() !== '' &&
    Number.isFinite(parsed) &&
    (!rule.integer || Number.isInteger(parsed)) &&
    parsed >= rule.min &&
    parsed <= (rule.max ?? Infinity);
  if (!fits) {
    const kind = rule.integer ? 'a whole number' : 'a number';
    const range = rule.max === undefined ? `≥ ${rule.min}` : `from ${rule.min} to ${rule.max}`;
    throw new UsageError(`--${flag} ${value}: expected ${kind} ${range}`);
  }
  return parsed;
}

/** Runs a benchmark's main; a usage error prints its message and the usage, and exits 2. */
export async function runMain(command: string, usage: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (
      !(error instanceof UsageError) &&
      !(error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    )
      throw error;
    process.stderr.write(`${command}: ${error.message}\n\n${usage}\n`);
    process.exit(2);
  }
}

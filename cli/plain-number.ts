/**
 * A number as people type it on a command line: `5`, `0.5`, `10.25`. Hex (`0x5`), exponents
 * (`1e309`), `Infinity`, signs and empty text are not numbers here, so a typo is refused rather
 * than read as something else.
 */
export function plainNumber(text: string): number | undefined {
  return /^\s*\d+(?:\.\d+)?\s*$/.test(text) ? Number(text) : undefined;
}

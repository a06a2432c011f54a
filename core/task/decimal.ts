/**
 * Kling reports money and durations as decimal strings ("2.4", "3.041"). Sums are done on
 * scaled integers so that "0.1" + "0.2" is 0.3, not 0.30000000000000004.
 */

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** A decimal string or a finite number as a plain decimal string, or undefined when it is neither. */
function asDecimalText(value: unknown): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    const text = String(value);
    return DECIMAL.test(text) ? text : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return DECIMAL.test(text) ? text : undefined;
}

/** `"3.041"` → 3.041; `3` → 3; anything that is not a plain decimal → undefined. */
export function parseDecimal(value: unknown): number | undefined {
  const text = asDecimalText(value);
  return text === undefined ? undefined : Number(text);
}

/** The exact sum of decimal strings, rounded once at the end; undefined when one is not a decimal. */
export function sumDecimals(values: readonly unknown[]): number | undefined {
  const parts: { sign: bigint; whole: string; fraction: string }[] = [];
  for (const value of values) {
    const match = DECIMAL.exec(asDecimalText(value) ?? '');
    if (!match) return undefined;
    parts.push({ sign: match[1] === '-' ? -1n : 1n, whole: match[2] ?? '0', fraction: match[3] ?? '' });
  }
  const scale = Math.max(0, ...parts.map((part) => part.fraction.length));
  let total = 0n;
  for (const part of parts) {
    total += part.sign * BigInt(part.whole + part.fraction.padEnd(scale, '0'));
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return Number(`${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`);
}

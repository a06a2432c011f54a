/** How a value appears in an error message: short, quoted strings, never a whole Base64 blob. */
export function displayValue(value: unknown): string {
  if (typeof value === 'string') {
    if (value.length > 60) return `'${value.slice(0, 24)}…' (${value.length} characters)`;
    return `'${value}'`;
  }
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

export function list(values: readonly (string | number)[]): string {
  return values.join(', ');
}

import type { z } from 'zod/v4';
import { KlingError } from '../errors/kling-error.js';
import { displayValue } from '../request/display.js';

/** A wire path as people write it: `contents[0].url`, `settings.duration`. */
export function wirePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)),
    '',
  );
}

/** The first problem zod found in a wire body, in Kling's terms: which field, what was wrong. */
export function wireIssue(issue: z.core.$ZodIssue, where: string): KlingError {
  const field = wirePath(issue.path) || 'body';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const keys = issue.keys.map((key) => (field === 'body' ? key : `${field}.${key}`));
      return KlingError.invalid(keys.join(', '), `is not a field of ${where}`);
    }
    case 'invalid_type':
      if (issue.input === undefined) return KlingError.invalid(field, `missing (expected ${issue.expected})`);
      return KlingError.invalid(field, `${displayValue(issue.input)} is not a ${issue.expected}`);
    case 'invalid_value':
      return KlingError.invalid(field, `${displayValue(issue.input)} is not allowed (allowed: ${issue.values.map(String).join(', ')})`);
    case 'invalid_union': {
      const { input, options } = issue as { input?: unknown; options?: unknown[] };
      if (options) {
        const value = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : input;
        return KlingError.invalid(field, `${displayValue(value)} is not an allowed type (allowed: ${options.map(String).join(', ')})`);
      }
      return KlingError.invalid(field, issue.message);
    }
    default:
      return KlingError.invalid(field, issue.message);
  }
}

/** Parses a wire body with a schema or throws the first issue as a KlingError naming the wire field. */
export function parseWire<T extends z.ZodType>(schema: T, body: unknown, where: string): z.infer<T> {
  const parsed = schema.safeParse(body, { reportInput: true });
  if (!parsed.success) throw wireIssue(parsed.error.issues[0] as z.core.$ZodIssue, where);
  return parsed.data;
}

/** A wire string where Kling treats "" as absent (its own samples send `"external_task_id": ""`). */
export function present(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** A 1203: the model or resource named by the request does not exist. */
export function notFound(field: string, message: string): KlingError {
  return new KlingError({ kind: 'invalid', code: 1203, field, message: `${field}: ${message}` });
}

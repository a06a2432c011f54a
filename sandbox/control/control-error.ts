import type { z } from 'zod';

/** A refused control request (bad settings); the control API answers it with HTTP 400. */
export class ControlError extends Error {
  override readonly name = 'ControlError';
}

/** Parses control input with a zod schema, turning the first issue into a ControlError. */
export function parseControl<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new ControlError(`${what}: ${path}${issue?.message ?? 'invalid'}`);
}

import type { z } from 'zod/v4';
import { KlingError } from '../errors/kling-error.js';

/**
 * Parses configuration with its zod schema; a failure names the setting and what is wrong, and
 * never echoes a value (it may be a key).
 */
export function parseConfig<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'config';
  return failWith(field, issue?.message ?? 'is invalid');
}

function failWith(field: string, message: string): never {
  throw new KlingError({
    kind: 'invalid',
    field,
    message: `config ${field}: ${message}`,
    hint: 'Check the client configuration (credentials, base URL, limits).',
  });
}

/**
 * Parses a settings file's JSON with its schema; a failure names the file, the key and what is
 * wrong (an unknown key by its name), never a value.
 */
export function parseSettingsFile<S extends z.ZodType>(schema: S, json: unknown, source: string, hint: string): z.output<S> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the file';
  const message = issue?.code === 'unrecognized_keys' ? `unknown key ${issue.keys.join(', ')}` : (issue?.message ?? 'is invalid');
  throw new KlingError({ kind: 'invalid', field: where, message: `${source}: ${where}: ${message}`, hint });
}

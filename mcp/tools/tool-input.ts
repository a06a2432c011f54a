import type { z } from 'zod';
import { KlingError } from '../../core/index.js';
import type { KlingTool } from './tool.js';

/** A refusal of a tool's arguments: its field is already the agent's own argument name. */
export class ToolInputError extends KlingError {}

const NOTHING_SENT = 'Nothing was sent to Kling and nothing was charged.';

/**
 * Checks a tool's arguments against its strict schema. A refusal is a KlingError naming the field
 * (or the unknown keys and the allowed ones), so it reaches the agent like every other error:
 * an isError result with a hint and structuredContent.
 */
export function parseToolInput<Input extends z.ZodObject>(tool: KlingTool<Input>, args: unknown): z.output<Input> {
  const parsed = tool.input.safeParse(args ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const unknown = issues.find((issue) => issue.code === 'unrecognized_keys');
  if (unknown?.code === 'unrecognized_keys') {
    const where = unknown.path.join('.');
    const names = unknown.keys.map((key) => (where === '' ? key : `${where}.${key}`));
    const allowed = where === '' ? Object.keys(tool.input.shape) : undefined;
    return refuse(
      names[0] as string,
      `${tool.name} has no argument${names.length > 1 ? 's' : ''} ${names.join(', ')}${allowed ? `; its arguments are ${allowed.join(', ')}` : ''}`,
      `Remove ${names.join(', ')}${allowed ? ` and use only ${allowed.join(', ')}` : ''}. ${NOTHING_SENT}`,
    );
  }
  const described = issues.slice(0, 5).map((issue) => describeIssue(issue, args));
  const field = issues[0]?.path.join('.') || 'arguments';
  return refuse(field, described.join('; '), `Fix ${field} and call again. ${NOTHING_SENT}`);
}

function refuse(field: string, message: string, hint: string): never {
  throw new ToolInputError({ kind: 'invalid', field, message, hint });
}

/** `prompt: too long: at most 2500 characters (got 10000)`, in the agent's argument names. */
function describeIssue(issue: z.core.$ZodIssue, args: unknown): string {
  const field = issue.path.join('.') || 'arguments';
  const value = valueAt(args, issue.path);
  if (issue.code === 'too_big' || issue.code === 'too_small') {
    const limit = issue.code === 'too_big' ? `at most ${String(issue.maximum)}` : `at least ${String(issue.minimum)}`;
    if (issue.origin === 'string')
      return `${field}: ${issue.code === 'too_big' ? 'too long' : 'too short'}: ${limit} characters (got ${String((value as string).length)})`;
    if (issue.origin === 'array') return `${field}: ${limit} items (got ${String((value as unknown[]).length)})`;
    return `${field}: must be ${limit}${issue.code === 'too_big' && issue.inclusive === false ? ' (exclusive)' : ''} (got ${shown(value)})`;
  }
  return `${field}: ${issue.message.replace(/^Invalid input: /, '')}${value === undefined ? '' : ` (got ${shown(value)})`}`;
}

function valueAt(args: unknown, path: readonly PropertyKey[]): unknown {
  let value = args;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/** A short rendering of what was sent: never a whole Base64 image or a 10,000-character prompt. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

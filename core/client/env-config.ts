import { z } from 'zod/v4';
import { KlingError } from '../errors/kling-error.js';
import { parseSettingsFile } from './parse-config.js';
import { redisState } from '../state/redis/redis-state.js';
import type { ClientConfigInput } from './config.js';

/*
 * The client settings every surface reads the same way: the command line and the MCP server share
 * these environment variables and (for the CLI) the same keys in a JSON config file. Reading files
 * and surface-only variables stay with the surface; this module only turns an environment or
 * parsed JSON into client configuration. It never puts a value in an error: values may be keys.
 */

/** The shared environment variables and what each is for (for `--help` and the README). */
export const CLIENT_ENV_VARS = {
  KLING_API_KEY: 'API key (kling.ai/dev/api-key); works on every endpoint',
  KLING_ACCESS_KEY: 'access key, with KLING_SECRET_KEY (legacy endpoints and /account only)',
  KLING_SECRET_KEY: 'secret key, with KLING_ACCESS_KEY',
  KLING_REGION: 'global (default: api-singapore) or china (api-beijing)',
  KLING_BASE_URL: 'custom API base URL (a gateway or a sandbox); overrides KLING_REGION',
  KLING_WEBHOOK_SECRET: 'callback signing secret(s) whsec_…, comma-separated during a rotation',
  KLING_CONCURRENCY: "tasks running at once per model: 5 (default), or per model 'kling-3.0=3,kling-2.6=5'",
  KLING_CALLBACK_URL: 'http(s) URL Kling calls on every status change of a task',
  KLING_MAX_UNITS_PER_TASK: 'refuse creates estimated above this many units',
  KLING_MAX_UNITS_PER_DAY: 'refuse creates once this process spent this many units in the last 24 h',
  KLING_POLL_SCALE: 'multiplies poll intervals (below 1 only against a fast-clock sandbox)',
  KLING_REDIS_URL: 'redis://host:6379: share slots, followed tasks, callbacks and budget with other processes of the account',
} as const;

export type ClientEnvVar = keyof typeof CLIENT_ENV_VARS;

const positive = z.number().positive();
const REDIS_URL = /^rediss?:\/\/[^\s]+$/i;
const concurrencySchema = z.union([z.number().int().positive(), z.record(z.string(), z.number().int().positive())]);

/** The settings a person writes: from environment variables, or the same keys in a JSON file. */
export const klingSettingsSchema = z
  .object({
    apiKey: z.string().min(1).optional(),
    accessKey: z.string().min(1).optional(),
    secretKey: z.string().min(1).optional(),
    region: z.enum(['global', 'china']).optional(),
    baseUrl: z.string().optional(),
    webhookSecrets: z.array(z.string()).optional(),
    /** One secret; files may use it instead of the list. */
    webhookSecret: z.string().optional(),
    concurrency: concurrencySchema.optional(),
    callbackUrl: z.string().optional(),
    budget: z.object({ maxUnitsPerTask: positive.optional(), maxUnitsPerDay: positive.optional() }).strict().optional(),
    pollScale: positive.optional(),
    standard: z.enum(['auto', 'new', 'legacy']).optional(),
    requestTimeoutMs: z.number().int().positive().optional(),
    fallbackModels: z.array(z.string()).optional(),
    /** Redis URL: the state shared by every process of the account (docs/scaling-out.md). */
    redis: z.string().optional(),
  })
  .strict();

export type KlingSettings = z.infer<typeof klingSettingsSchema>;

type Env = Readonly<Record<string, string | undefined>>;

/** Settings from the shared environment variables; empty values count as unset. */
export function settingsFromEnv(env: Env): KlingSettings {
  const read = (name: ClientEnvVar): string | undefined => {
    const text = env[name]?.trim();
    return text === undefined || text === '' ? undefined : text;
  };
  const settings: KlingSettings = {};
  const set = <K extends keyof KlingSettings>(key: K, value: KlingSettings[K] | undefined): void => {
    if (value !== undefined) settings[key] = value;
  };
  set('apiKey', read('KLING_API_KEY'));
  set('accessKey', read('KLING_ACCESS_KEY'));
  set('secretKey', read('KLING_SECRET_KEY'));
  const region = read('KLING_REGION')?.toLowerCase();
  if (region !== undefined && region !== 'global' && region !== 'china') invalid('KLING_REGION', 'must be global or china');
  set('region', region as KlingSettings['region']);
  set('baseUrl', read('KLING_BASE_URL'));
  const secrets = read('KLING_WEBHOOK_SECRET')
    ?.split(/[\s,]+/)
    .filter((secret) => secret !== '');
  set('webhookSecrets', secrets);
  const concurrency = read('KLING_CONCURRENCY');
  set('concurrency', concurrency === undefined ? undefined : parseConcurrency(concurrency));
  set('callbackUrl', read('KLING_CALLBACK_URL'));
  const maxUnitsPerTask = number(read('KLING_MAX_UNITS_PER_TASK'), 'KLING_MAX_UNITS_PER_TASK');
  const maxUnitsPerDay = number(read('KLING_MAX_UNITS_PER_DAY'), 'KLING_MAX_UNITS_PER_DAY');
  if (maxUnitsPerTask !== undefined || maxUnitsPerDay !== undefined) {
    settings.budget = {
      ...(maxUnitsPerTask !== undefined && { maxUnitsPerTask }),
      ...(maxUnitsPerDay !== undefined && { maxUnitsPerDay }),
    };
  }
  set('pollScale', number(read('KLING_POLL_SCALE'), 'KLING_POLL_SCALE'));
  const redis = read('KLING_REDIS_URL');
  if (redis !== undefined && !REDIS_URL.test(redis))
    invalid('KLING_REDIS_URL', 'must look like redis://host:6379 or rediss://host:6380 (TLS)');
  set('redis', redis);
  return settings;
}

/** Settings from parsed JSON (a config file); `source` names the file in errors. */
export function settingsFromJson(json: unknown, source: string): KlingSettings {
  return parseSettingsFile(klingSettingsSchema, json, source, `Allowed keys: ${Object.keys(klingSettingsSchema.shape).join(', ')}.`);
}

/** Later layers win key by key (file, then environment); `budget` is merged field by field. */
export function mergeSettings(...layers: (KlingSettings | undefined)[]): KlingSettings {
  const merged: KlingSettings = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer ?? {})) {
      if (value === undefined) continue;
      if (key === 'budget') merged.budget = { ...merged.budget, ...(value as KlingSettings['budget']) };
      else (merged as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}

export type CredentialKind = 'apiKey' | 'accessKey' | 'none';

/** Which credentials the settings carry; an API key wins over an access key pair. */
export function credentialKind(settings: KlingSettings): CredentialKind {
  if (settings.apiKey) return 'apiKey';
  if (settings.accessKey || settings.secretKey) return 'accessKey';
  return 'none';
}

/**
 * The client's auth, or — when credentials are missing or incomplete — what to set. A missing
 * credential is not an error here: a surface may still list, estimate or diagnose without one.
 */
export function credentialsOf(settings: KlingSettings): { auth: ClientConfigInput['auth'] | undefined; missing: string | undefined } {
  const { apiKey, accessKey, secretKey } = settings;
  if (apiKey) return { auth: { type: 'apiKey', apiKey }, missing: undefined };
  if (accessKey && secretKey) return { auth: { type: 'accessKey', accessKey, secretKey }, missing: undefined };
  if (accessKey)
    return { auth: undefined, missing: 'KLING_SECRET_KEY is not set (it goes with KLING_ACCESS_KEY); or set KLING_API_KEY instead' };
  if (secretKey)
    return { auth: undefined, missing: 'KLING_ACCESS_KEY is not set (it goes with KLING_SECRET_KEY); or set KLING_API_KEY instead' };
  return {
    auth: undefined,
    missing: 'no Kling credentials are configured: set KLING_API_KEY (from kling.ai/dev/api-key), or KLING_ACCESS_KEY and KLING_SECRET_KEY',
  };
}

/** The missing-credentials error (kind `auth`), with a surface-specific way out in the hint. */
export function missingCredentialsError(missing: string, hint?: string): KlingError {
  return new KlingError({
    kind: 'auth',
    field: 'credentials',
    message: missing,
    hint: hint ?? 'Set the credentials in the environment or the config file.',
  });
}

/** Everything but the credentials: region, base URL, secrets, limits, callback, budget, polling. */
export function clientOptionsFromSettings(settings: KlingSettings): Omit<ClientConfigInput, 'auth'> {
  const secrets = [...(settings.webhookSecrets ?? []), ...(settings.webhookSecret ? [settings.webhookSecret] : [])];
  return {
    ...(settings.region !== undefined && { region: settings.region }),
    ...(settings.baseUrl !== undefined && { baseUrl: settings.baseUrl }),
    ...(secrets.length > 0 && { webhookSecrets: [...new Set(secrets)] }),
    ...(settings.concurrency !== undefined && { concurrency: settings.concurrency }),
    ...(settings.callbackUrl !== undefined && { callbackUrl: settings.callbackUrl }),
    ...(settings.budget !== undefined && { budget: settings.budget }),
    ...(settings.pollScale !== undefined && { poll: { scale: settings.pollScale } }),
    ...(settings.standard !== undefined && { standard: settings.standard }),
    ...(settings.requestTimeoutMs !== undefined && { requestTimeoutMs: settings.requestTimeoutMs }),
    ...(settings.fallbackModels !== undefined && { fallbackModels: settings.fallbackModels }),
    // Loads nothing yet: ioredis is imported on the state's first use.
    ...(settings.redis !== undefined && { state: redisState({ url: settings.redis }) }),
  };
}

/** Client configuration, or undefined (with `missing`) when there are no usable credentials. */
export function clientConfigFromSettings(settings: KlingSettings): { client: ClientConfigInput | undefined; missing: string | undefined } {
  const { auth, missing } = credentialsOf(settings);
  return { client: auth && { ...clientOptionsFromSettings(settings), auth }, missing };
}

/** `5` → 5; `kling-3.0=3,kling-2.6=5` → per model. */
function parseConcurrency(text: string): number | Record<string, number> {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    if (value < 1) invalid('KLING_CONCURRENCY', `must be a whole number above 0 (got '${text}')`);
    return value;
  }
  const byModel: Record<string, number> = {};
  for (const part of text.split(',')) {
    const match = /^\s*([^=\s]+)\s*=\s*(\d+)\s*$/.exec(part);
    if (!match || Number(match[2]) < 1) {
      invalid(
        'KLING_CONCURRENCY',
        `must be a whole number above 0, or model=number pairs like kling-3.0=3,kling-2.6=5 (got '${text.slice(0, 40)}')`,
      );
    }
    byModel[match[1] as string] = Number(match[2]);
  }
  return byModel;
}

function number(text: string | undefined, name: ClientEnvVar): number | undefined {
  if (text === undefined) return undefined;
  const parsed = Number(text);
  if (!Number.isFinite(parsed) || parsed <= 0) invalid(name, `must be a number above 0 (got '${text.slice(0, 20)}')`);
  return parsed;
}

function invalid(name: ClientEnvVar, why: string): never {
  throw new KlingError({ kind: 'invalid', field: name, message: `${name} ${why}`, hint: `Fix ${name} in the environment.` });
}

import path from 'node:path';
import type { ClientConfigInput } from '../core/index.js';
import { KlingError } from '../core/index.js';

/** Every environment variable the server reads, with what it is for (shown by `--help`). */
export const ENV_VARS = {
  KLING_API_KEY: 'API key (kling.ai/dev/api-key); works on every endpoint',
  KLING_ACCESS_KEY: 'access key, with KLING_SECRET_KEY (legacy endpoints only)',
  KLING_SECRET_KEY: 'secret key, with KLING_ACCESS_KEY',
  KLING_BASE_URL: 'custom API base URL (a gateway or a sandbox)',
  KLING_REGION: 'global (default) or china',
  KLING_WEBHOOK_SECRET: "webhook secret(s) whsec_…, comma-separated during a rotation",
  KLING_CONCURRENCY: 'tasks running at once per model (default 5)',
  KLING_MAX_UNITS_PER_TASK: 'refuse creates estimated above this many units',
  KLING_MAX_UNITS_PER_DAY: 'refuse creates once this many units were spent today',
  KLING_IMAGE_DIRS: `directories local image files may be read from, separated by '${path.delimiter}'`,
  KLING_DOWNLOAD_DIR: 'directory finished videos are saved into (off when unset)',
  KLING_PUBLIC_URL: 'public base URL of this server (--http): callbacks go to <url>/kling/callback',
  KLING_MCP_TOKEN: 'bearer token required on HTTP (mandatory when binding a non-loopback address)',
  KLING_POLL_SCALE: 'multiplies poll intervals (below 1 only against a fast-clock sandbox)',
  KLING_LOG_LEVEL: 'debug, info (default), warn or error; logs go to stderr',
} as const;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface ServerSettings {
  /** The core client configuration; undefined when no credentials are set. */
  client: ClientConfigInput | undefined;
  /** What to set when credentials are missing. */
  missingCredentials: string | undefined;
  imageDirs: string[];
  downloadDir: string | undefined;
  publicUrl: string | undefined;
  token: string | undefined;
  logLevel: LogLevel;
}

type Env = Record<string, string | undefined>;

/**
 * Reads the server's settings from the environment. Missing credentials are not an error (the
 * server starts, lists its tools and estimates); a malformed value is, naming the variable.
 */
export function settingsFromEnv(env: Env = process.env): ServerSettings {
  const read = (name: keyof typeof ENV_VARS): string | undefined => {
    const text = env[name]?.trim();
    return text === undefined || text === '' ? undefined : text;
  };
  const { auth, missing } = credentials(read('KLING_API_KEY'), read('KLING_ACCESS_KEY'), read('KLING_SECRET_KEY'));

  const region = read('KLING_REGION');
  if (region !== undefined && region !== 'global' && region !== 'china') invalid('KLING_REGION', 'must be global or china');
  const publicUrl = read('KLING_PUBLIC_URL')?.replace(/\/+$/, '');
  if (publicUrl !== undefined && !/^https?:\/\/[^\s/]+/i.test(publicUrl)) invalid('KLING_PUBLIC_URL', 'must be an http(s) URL');
  const secrets = read('KLING_WEBHOOK_SECRET')?.split(/[\s,]+/).filter((secret) => secret !== '') ?? [];
  const maxUnitsPerTask = number(read('KLING_MAX_UNITS_PER_TASK'), 'KLING_MAX_UNITS_PER_TASK');
  const maxUnitsPerDay = number(read('KLING_MAX_UNITS_PER_DAY'), 'KLING_MAX_UNITS_PER_DAY');
  const concurrency = number(read('KLING_CONCURRENCY'), 'KLING_CONCURRENCY', true);
  const pollScale = number(read('KLING_POLL_SCALE'), 'KLING_POLL_SCALE');
  const baseUrl = read('KLING_BASE_URL');
  const logLevel = (read('KLING_LOG_LEVEL') ?? 'info').toLowerCase();
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) invalid('KLING_LOG_LEVEL', 'must be debug, info, warn or error');

  const client: ClientConfigInput | undefined = auth && {
    auth,
    ...(region !== undefined && { region: region as 'global' | 'china' }),
    ...(baseUrl !== undefined && { baseUrl }),
    ...(secrets.length > 0 && { webhookSecrets: secrets }),
    ...(concurrency !== undefined && { concurrency }),
    ...((maxUnitsPerTask !== undefined || maxUnitsPerDay !== undefined) && { budget: { maxUnitsPerTask, maxUnitsPerDay } }),
    ...(pollScale !== undefined && { poll: { scale: pollScale } }),
  };
  return {
    client,
    missingCredentials: missing,
    imageDirs: (read('KLING_IMAGE_DIRS') ?? '').split(path.delimiter).filter((dir) => dir.trim() !== '').map((dir) => path.resolve(dir.trim())),
    downloadDir: read('KLING_DOWNLOAD_DIR') && path.resolve(read('KLING_DOWNLOAD_DIR') as string),
    publicUrl,
    token: read('KLING_MCP_TOKEN'),
    logLevel: logLevel as LogLevel,
  };
}

/** The callback URL creates carry when the server is reachable from outside. */
export function callbackUrlOf(settings: Pick<ServerSettings, 'publicUrl'>): string | undefined {
  return settings.publicUrl === undefined ? undefined : `${settings.publicUrl}/kling/callback`;
}

function credentials(
  apiKey: string | undefined,
  accessKey: string | undefined,
  secretKey: string | undefined,
): { auth: ClientConfigInput['auth'] | undefined; missing: string | undefined } {
  if (apiKey !== undefined) return { auth: { type: 'apiKey', apiKey }, missing: undefined };
  if (accessKey !== undefined && secretKey !== undefined) return { auth: { type: 'accessKey', accessKey, secretKey }, missing: undefined };
  if (accessKey !== undefined) return { auth: undefined, missing: 'KLING_SECRET_KEY is not set (it goes with KLING_ACCESS_KEY); or set KLING_API_KEY instead' };
  if (secretKey !== undefined) return { auth: undefined, missing: 'KLING_ACCESS_KEY is not set (it goes with KLING_SECRET_KEY); or set KLING_API_KEY instead' };
  return {
    auth: undefined,
    missing: 'no Kling credentials are configured: set KLING_API_KEY (from kling.ai/dev/api-key), or KLING_ACCESS_KEY and KLING_SECRET_KEY, in the MCP server\'s environment; or start it with --sandbox to try it without an account',
  };
}

function number(text: string | undefined, name: string, integer = false): number | undefined {
  if (text === undefined) return undefined;
  const parsed = Number(text);
  if (!Number.isFinite(parsed) || parsed <= 0 || (integer && !Number.isInteger(parsed))) {
    invalid(name, `must be a ${integer ? 'whole ' : ''}number above 0 (got '${text.slice(0, 20)}')`);
  }
  return parsed;
}

function invalid(name: string, why: string): never {
  throw new KlingError({ kind: 'invalid', field: name, message: `${name} ${why}`, hint: `Fix ${name} in the server's environment.` });
}

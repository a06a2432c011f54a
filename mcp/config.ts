import path from 'node:path';
import { type ClientConfigInput, KlingError } from '../core/index.js';
import { CLIENT_ENV_VARS, clientConfigFromSettings, credentialKind, settingsFromEnv as clientSettingsFromEnv } from '../core/node.js';

/** A token guarding a server reachable from other machines must not be guessable. */
export const MIN_PUBLIC_TOKEN_LENGTH = 32;

/**
 * Every environment variable the server reads, with what it is for (shown by `--help`). The client
 * ones (credentials, region, limits, webhooks, budget, polling) are shared with the `kling` command
 * line and parsed in core/client/env-config.ts; the rest are this server's own.
 */
export const ENV_VARS = {
  ...CLIENT_ENV_VARS,
  KLING_IMAGE_DIRS: `directories local image files may be read from, separated by '${path.delimiter}'`,
  KLING_DOWNLOAD_DIR: 'directory finished videos are saved into (off when unset)',
  KLING_PUBLIC_URL: 'public base URL of this server (--http): callbacks go to <url>/kling/callback',
  KLING_MCP_TOKEN: `bearer token required on HTTP (mandatory, at least ${MIN_PUBLIC_TOKEN_LENGTH} characters, when binding a non-loopback address)`,
  KLING_CONFIRM_ABOVE_UNITS: 'ask the user before a generate_video estimated at this many units or more (off when unset)',
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
  /** Estimates at or above this many units need the user's confirmation; undefined = never asked. */
  confirmAboveUnits: number | undefined;
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
  const shared = clientSettingsFromEnv(env);
  const { client, missing } = clientConfigFromSettings(shared);
  const publicUrl = read('KLING_PUBLIC_URL')?.replace(/\/+$/, '');
  if (publicUrl !== undefined && !/^https?:\/\/[^\s/]+/i.test(publicUrl)) invalid('KLING_PUBLIC_URL', 'must be an http(s) URL');
  const logLevel = (read('KLING_LOG_LEVEL') ?? 'info').toLowerCase();
  const downloadDir = read('KLING_DOWNLOAD_DIR');
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) invalid('KLING_LOG_LEVEL', 'must be debug, info, warn or error');
  const confirmText = read('KLING_CONFIRM_ABOVE_UNITS');
  if (confirmText !== undefined && !/^\d+(\.\d+)?$/.test(confirmText))
    invalid('KLING_CONFIRM_ABOVE_UNITS', `must be a number of units such as 5 or 2.5 (got '${confirmText}')`);

  return {
    client,
    missingCredentials:
      missing !== undefined && credentialKind(shared) === 'none'
        ? `${missing}, in the MCP server's environment; or start it with --sandbox to try it without an account`
        : missing,
    imageDirs: (read('KLING_IMAGE_DIRS') ?? '')
      .split(path.delimiter)
      .filter((dir) => dir.trim() !== '')
      .map((dir) => path.resolve(dir.trim())),
    downloadDir: downloadDir === undefined ? undefined : path.resolve(downloadDir),
    publicUrl,
    token: read('KLING_MCP_TOKEN'),
    confirmAboveUnits: confirmText === undefined ? undefined : Number(confirmText),
    logLevel: logLevel as LogLevel,
  };
}

/** The callback URL creates carry when the server is reachable from outside. */
export function callbackUrlOf(settings: Pick<ServerSettings, 'publicUrl'>): string | undefined {
  return settings.publicUrl === undefined ? undefined : `${settings.publicUrl}/kling/callback`;
}

function invalid(name: string, why: string): never {
  throw new KlingError({ kind: 'invalid', field: name, message: `${name} ${why}`, hint: `Fix ${name} in the server's environment.` });
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { CLIENT_ENV_VARS, type KlingSettings, mergeSettings, settingsFromEnv, settingsFromJson } from '../core/node.js';
import { UsageError } from './errors.js';

export interface LoadedSettings {
  settings: KlingSettings;
  /** Where the settings came from, for messages: a file path and/or "environment". */
  sources: string[];
  /** The config file read, if any. */
  file: string | undefined;
  /** A config file that other users can read while it holds a credential. */
  fileTooOpen: boolean;
}

/** `$XDG_CONFIG_HOME/kling/config.json`, else `~/.config/kling/config.json`. */
export function defaultConfigPath(env: Readonly<Record<string, string | undefined>>): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.trim() !== '' ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'kling', 'config.json');
}

/**
 * Settings from the config file (the one given with `--config`, which must exist, or the default
 * one when present), then the environment variables, which win key by key.
 */
export function loadSettings(options: {
  configPath?: string;
  env: Readonly<Record<string, string | undefined>>;
  cwd?: string;
}): LoadedSettings {
  const explicit = options.configPath !== undefined;
  const file = explicit ? resolve(options.cwd ?? process.cwd(), options.configPath as string) : defaultConfigPath(options.env);
  let fromFile: KlingSettings | undefined;
  let fileTooOpen = false;
  if (explicit || existsSync(file)) {
    fromFile = readConfigFile(file, explicit ? `--config ${options.configPath as string}` : `the config file ${file}`);
    fileTooOpen = holdsCredential(fromFile) && isReadableByOthers(file);
  }
  const fromEnv = settingsFromEnv(options.env);
  const sources = [...(fromFile ? [file] : []), ...(Object.keys(fromEnv).length > 0 ? ['environment'] : [])];
  return { settings: mergeSettings(fromFile, fromEnv), sources, file: fromFile ? file : undefined, fileTooOpen };
}

/** Reads and checks a config file; `label` is how errors name it (`--config my.json`, or the default file). */
function readConfigFile(file: string, label: string): KlingSettings {
  const flag = label.startsWith('--config') ? '--config' : undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? `no such file (looked for ${file})`
        : code === 'EISDIR'
          ? 'a directory, not a file'
          : `cannot be read (${code ?? String(error)})`;
    throw new UsageError(`${label}: ${why}`, flag);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // The parser's message may quote the file, which may hold a key: give only the position.
    const position = /position \d+/.exec(String((error as Error).message))?.[0];
    throw new UsageError(`${label}: not valid JSON${position ? ` (at ${position})` : ''}`, flag);
  }
  try {
    return settingsFromJson(json, file);
  } catch (error) {
    if (flag && error instanceof Error) throw new UsageError(`--config: ${error.message}`, flag);
    throw error;
  }
}

function holdsCredential(settings: KlingSettings): boolean {
  return Boolean(settings.apiKey || settings.secretKey || settings.webhookSecret || settings.webhookSecrets?.length);
}

function isReadableByOthers(file: string): boolean {
  if (process.platform === 'win32') return false;
  return (statSync(file).mode & 0o077) !== 0;
}

/** The configuration section of `--help`. */
export function configHelp(env: Readonly<Record<string, string | undefined>>): string {
  const entries = Object.entries(CLIENT_ENV_VARS);
  const width = Math.max(...entries.map(([name]) => name.length));
  return [
    'Configuration (environment variables win over the config file):',
    ...entries.map(([name, description]) => `  ${name.padEnd(width)}  ${description}`),
    `  config file: ${defaultConfigPath(env)} or --config <path>: JSON with the keys`,
    '    apiKey, accessKey, secretKey, region, baseUrl, webhookSecrets, concurrency, callbackUrl,',
    '    budget {maxUnitsPerTask, maxUnitsPerDay}, pollScale, standard, requestTimeoutMs, fallbackModels',
  ].join('\n');
}

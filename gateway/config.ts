import path from 'node:path';
import { z } from 'zod';
import {
  CLIENT_ENV_VARS,
  KlingError,
  MODEL_IDS,
  WEBHOOK_SECRET_FORMAT,
  klingSettingsSchema,
  mergeSettings,
  parseSettingsFile,
  settingsFromEnv,
  type KlingSettings,
} from '../core/node.js';
import { SECRET_HASH_FORMAT } from './token-secret.js';

/*
 * The gateway's configuration: a JSON file (`kling serve --config`) and/or environment variables,
 * the environment winning key by key. Parsing never puts a value in an error: values may be keys.
 */

/** The gateway's own environment variables (the upstream ones are the shared KLING_* client variables). */
export const GATEWAY_ENV_VARS = {
  KLING_GATEWAY_TOKENS: 'the tokens, as a JSON array of {name, secretHash, webhookSecret, budget?, models?, rateLimit?}',
  KLING_GATEWAY_HOST: 'interface to bind (default 127.0.0.1)',
  KLING_GATEWAY_PORT: 'port to listen on (default 8787)',
  KLING_GATEWAY_PUBLIC_URL: "the gateway's public base URL: Kling calls <url>/kling/callback, stored videos are served under it",
  KLING_GATEWAY_DATA_DIR: 'folder for the audit log and (by default) stored videos (default ./kling-gateway)',
  KLING_GATEWAY_STORAGE: "where finished videos are copied: a folder path, s3://bucket/prefix, or 'none'",
  KLING_GATEWAY_S3_ENDPOINT:
    'endpoint of an S3-compatible service (unset: AWS S3); credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY',
  KLING_GATEWAY_S3_REGION: 'S3 region (default AWS_REGION, else us-east-1)',
  KLING_GATEWAY_SLOT_WAIT_SECONDS: 'how long a create waits for a free slot before the 1303 answer (default 30)',
  KLING_GATEWAY_METRICS_TOKEN: 'bearer token /metrics requires (open when unset)',
  KLING_REDIS_URL: 'redis://… shared by every replica: slots, tasks, budgets, callbacks (memory when unset)',
  KLING_LOG_LEVEL: 'debug, info (default), warn or error; logs go to stderr',
} as const;

const DEFAULT_PORT = 8787;

const tokenSchema = z
  .object({
    /** Shown in metrics, the audit log and budget messages: never secret. */
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'must be 1–32 letters, digits, - or _, starting with a letter or digit'),
    /** `sha256:<hex>` of the token (`kling serve --new-token` prints both). */
    secretHash: z.string().regex(SECRET_HASH_FORMAT, 'must be sha256:<64 hex digits> (kling serve --new-token <name> prints one)'),
    /** Callbacks to this token's clients are signed with it (Standard Webhooks). */
    webhookSecret: z.string().regex(WEBHOOK_SECRET_FORMAT, 'must look like whsec_<base64> (kling serve --new-token <name> prints one)'),
    budget: z
      .object({ units: z.number().positive(), per: z.enum(['day', 'month']) })
      .strict()
      .optional(),
    /** Models this token may create with; all when unset. */
    models: z
      .array(z.string().refine((id) => MODEL_IDS.includes(id), { message: `is not a model id (allowed: ${MODEL_IDS.join(', ')})` }))
      .min(1)
      .optional(),
    /** At most `requests` requests per `perSeconds` seconds (creates and reads), across replicas. */
    rateLimit: z
      .object({ requests: z.number().int().positive(), perSeconds: z.number().int().positive().default(60) })
      .strict()
      .optional(),
  })
  .strict();

const s3Schema = z
  .object({
    type: z.literal('s3'),
    bucket: z.string().min(1),
    prefix: z.string().default(''),
    region: z.string().optional(),
    /** An S3-compatible service (MinIO, R2, …); unset for AWS S3. */
    endpoint: z.string().url().optional(),
    forcePathStyle: z.boolean().optional(),
    /** Credentials; unset: the AWS SDK's usual chain (AWS_ACCESS_KEY_ID, profiles, roles). */
    accessKeyId: z.string().min(1).optional(),
    secretAccessKey: z.string().min(1).optional(),
    /** Reads return `<publicBaseUrl>/<key>` (a public bucket or CDN) instead of presigned URLs. */
    publicBaseUrl: z.string().url().optional(),
    /** Lifetime of presigned read URLs (default 24 h, at most 7 days). */
    urlExpiresSeconds: z.number().int().min(60).max(604_800).default(86_400),
  })
  .strict();

const storageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('folder'), path: z.string().min(1) }).strict(),
  s3Schema,
  z.object({ type: z.literal('none') }).strict(),
]);

export const gatewayFileSchema = z
  .object({
    host: z.string().min(1).optional(),
    port: z.number().int().min(0).max(65_535).optional(),
    publicUrl: z.string().url().optional(),
    dataDir: z.string().min(1).optional(),
    /** The Kling account: the same keys as the `kling` config file (apiKey, region, webhookSecret, concurrency, …). */
    upstream: klingSettingsSchema.optional(),
    tokens: z.array(tokenSchema).optional(),
    redis: z
      .object({ url: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL') })
      .strict()
      .optional(),
    storage: storageSchema.optional(),
    /** Reads and callbacks carry the stored copy's URL once a video is stored (default true). */
    serveStoredUrls: z.boolean().optional(),
    slotWaitSeconds: z.number().positive().max(600).optional(),
    maxBodyBytes: z.number().int().min(1024).optional(),
    callbacks: z
      .object({ attempts: z.number().int().min(1).max(20).optional(), retryDelayMs: z.number().int().min(1).optional() })
      .strict()
      .optional(),
    metricsToken: z.string().min(16).optional(),
    logLevel: z.enum(['debug', 'info', 'warn', 'error']).optional(),
  })
  .strict();

export type GatewayFile = z.infer<typeof gatewayFileSchema>;
export type TokenConfig = z.infer<typeof tokenSchema>;
export type StorageConfig = z.infer<typeof storageSchema>;
export type S3StorageConfig = z.infer<typeof s3Schema>;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The gateway's settings, defaults filled in. */
export interface GatewayConfig {
  host: string;
  port: number;
  publicUrl: string | undefined;
  dataDir: string;
  upstream: KlingSettings;
  tokens: TokenConfig[];
  redisUrl: string | undefined;
  storage: StorageConfig;
  serveStoredUrls: boolean;
  slotWaitMs: number;
  maxBodyBytes: number;
  callbacks: { attempts: number; retryDelayMs: number };
  metricsToken: string | undefined;
  logLevel: LogLevel;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The configuration from a parsed config file (or nothing) and the environment. `source` names the
 * file in errors; relative paths are resolved against `cwd`.
 */
export function gatewayConfig(options: { file?: unknown; source?: string; env: Env; cwd: string }): GatewayConfig {
  const file = options.file === undefined ? {} : parseFile(options.file, options.source ?? 'the config file');
  const env = fromEnv(options.env);
  const merged = { ...file, ...env, upstream: mergeSettings(file.upstream, settingsFromEnv(options.env)) };
  if (merged.upstream.callbackUrl !== undefined) {
    throw invalid('upstream.callbackUrl', 'is set by the gateway itself (<publicUrl>/kling/callback): remove it (and KLING_CALLBACK_URL)');
  }
  const tokens = merged.tokens ?? [];
  const names = new Set<string>();
  for (const token of tokens) {
    if (names.has(token.name)) throw invalid('tokens', `two tokens are named '${token.name}'`);
    names.add(token.name);
  }
  const dataDir = path.resolve(options.cwd, merged.dataDir ?? 'kling-gateway');
  const storage: StorageConfig = merged.storage ?? { type: 'folder', path: path.join(dataDir, 'videos') };
  if (storage.type === 'folder') storage.path = path.resolve(options.cwd, storage.path);
  if (storage.type === 's3' && (storage.accessKeyId === undefined) !== (storage.secretAccessKey === undefined)) {
    throw invalid('storage.accessKeyId', 'and storage.secretAccessKey go together');
  }
  return {
    host: merged.host ?? '127.0.0.1',
    port: merged.port ?? DEFAULT_PORT,
    publicUrl: merged.publicUrl?.replace(/\/+$/, ''),
    dataDir,
    upstream: merged.upstream,
    tokens,
    // The gateway's `redis` key, else the account's own setting (the same KLING_REDIS_URL).
    redisUrl: merged.redis?.url ?? merged.upstream.redis,
    storage,
    serveStoredUrls: merged.serveStoredUrls ?? true,
    slotWaitMs: (merged.slotWaitSeconds ?? 30) * 1000,
    maxBodyBytes: merged.maxBodyBytes ?? 64 * 1024 * 1024,
    callbacks: { attempts: merged.callbacks?.attempts ?? 8, retryDelayMs: merged.callbacks?.retryDelayMs ?? 1_000 },
    metricsToken: merged.metricsToken,
    logLevel: merged.logLevel ?? 'info',
  };
}

function parseFile(json: unknown, source: string): GatewayFile {
  return parseSettingsFile(gatewayFileSchema, json, source, 'docs/gateway.md describes every key of the gateway config file.');
}

/** The gateway's own variables, as the file's keys; empty values count as unset. */
function fromEnv(env: Env): Partial<GatewayFile> {
  const read = (name: keyof typeof GATEWAY_ENV_VARS): string | undefined => {
    const text = env[name]?.trim();
    return text === undefined || text === '' ? undefined : text;
  };
  const layer: Record<string, unknown> = {};
  const tokens = read('KLING_GATEWAY_TOKENS');
  if (tokens !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(tokens);
    } catch {
      throw invalid('KLING_GATEWAY_TOKENS', 'is not valid JSON (expected an array of tokens)');
    }
    layer.tokens = json;
  }
  const host = read('KLING_GATEWAY_HOST');
  if (host !== undefined) layer.host = host;
  const port = read('KLING_GATEWAY_PORT');
  if (port !== undefined) layer.port = wholeNumber('KLING_GATEWAY_PORT', port);
  const publicUrl = read('KLING_GATEWAY_PUBLIC_URL');
  if (publicUrl !== undefined) layer.publicUrl = publicUrl;
  const dataDir = read('KLING_GATEWAY_DATA_DIR');
  if (dataDir !== undefined) layer.dataDir = dataDir;
  const storage = read('KLING_GATEWAY_STORAGE');
  if (storage !== undefined) layer.storage = storageFromEnv(storage, read('KLING_GATEWAY_S3_ENDPOINT'), read('KLING_GATEWAY_S3_REGION'));
  const slotWait = read('KLING_GATEWAY_SLOT_WAIT_SECONDS');
  if (slotWait !== undefined) layer.slotWaitSeconds = Number(slotWait);
  const metricsToken = read('KLING_GATEWAY_METRICS_TOKEN');
  if (metricsToken !== undefined) layer.metricsToken = metricsToken;
  const redis = read('KLING_REDIS_URL');
  if (redis !== undefined) layer.redis = { url: redis };
  const logLevel = read('KLING_LOG_LEVEL')?.toLowerCase();
  if (logLevel !== undefined) layer.logLevel = logLevel;
  // The same checks as a file: the variable's name in the error instead of the key.
  const parsed = gatewayFileSchema.partial().safeParse(layer);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  const variable = ENV_OF_KEY[key] ?? 'the environment';
  const rest = issue && issue.path.length > 1 ? ` ${issue.path.slice(1).join('.')}` : '';
  throw invalid(`${variable}${rest}`, issue?.message ?? 'is invalid');
}

const ENV_OF_KEY: Record<string, string> = {
  tokens: 'KLING_GATEWAY_TOKENS',
  host: 'KLING_GATEWAY_HOST',
  port: 'KLING_GATEWAY_PORT',
  publicUrl: 'KLING_GATEWAY_PUBLIC_URL',
  dataDir: 'KLING_GATEWAY_DATA_DIR',
  storage: 'KLING_GATEWAY_STORAGE',
  slotWaitSeconds: 'KLING_GATEWAY_SLOT_WAIT_SECONDS',
  metricsToken: 'KLING_GATEWAY_METRICS_TOKEN',
  redis: 'KLING_REDIS_URL',
  logLevel: 'KLING_LOG_LEVEL',
};

function storageFromEnv(value: string, endpoint: string | undefined, region: string | undefined): unknown {
  if (value === 'none') return { type: 'none' };
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/.exec(value);
  if (!s3) return { type: 'folder', path: value };
  return {
    type: 's3',
    bucket: s3[1],
    prefix: s3[2] ?? '',
    ...(endpoint !== undefined && { endpoint, forcePathStyle: true }),
    ...(region !== undefined && { region }),
  };
}

function wholeNumber(name: string, text: string): number {
  if (!/^\d+$/.test(text)) throw invalid(name, `must be a whole number (got '${text.slice(0, 12)}')`);
  return Number(text);
}

function invalid(field: string, why: string): KlingError {
  return new KlingError({
    kind: 'invalid',
    field,
    message: `${field} ${why}`,
    hint: 'docs/gateway.md describes the gateway configuration.',
  });
}

/** Every variable `kling serve --help` lists: the shared upstream ones, then the gateway's. */
export const SERVE_ENV_VARS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(CLIENT_ENV_VARS).filter(([name]) => name !== 'KLING_CALLBACK_URL')),
  ...GATEWAY_ENV_VARS,
};

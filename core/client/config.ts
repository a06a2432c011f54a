import { z } from 'zod/v4';
import { WEBHOOK_SECRET_FORMAT } from '../callbacks/secret-format.js';
import type { Platform } from '../platform/platform.js';
import type { StateFactory } from '../state/state.js';

/** Kling's hosts (shared/kling-api.md §1). */
export const REGION_BASE_URLS = {
  global: 'https://api-singapore.klingai.com',
  china: 'https://api-beijing.klingai.com',
} as const;

const httpUrl = z.string().refine((value) => /^https?:\/\/[^\s]+$/i.test(value), { message: 'must be an http(s) URL' });

const authSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('apiKey'), apiKey: z.string().min(1, 'the API key is empty') }),
  z.object({
    type: z.literal('accessKey'),
    accessKey: z.string().min(1, 'the access key is empty'),
    secretKey: z.string().min(1, 'the secret key is empty'),
  }),
  z.object({
    type: z.literal('gateway'),
    token: z.string().min(1, 'the gateway token is empty'),
    /** Which request style the gateway re-serves; most serve the legacy paths. */
    standard: z.enum(['new', 'legacy']).default('legacy'),
  }),
]);

export const clientConfigSchema = z.object({
  auth: authSchema,
  /** `global` (default), `china`, or a custom base URL, possibly with a path prefix (`https://gw.example/klingai`). */
  region: z.enum(['global', 'china']).default('global'),
  baseUrl: httpUrl.optional(),
  /** Which standard creates use: `auto` picks from the credentials and the model. */
  standard: z.enum(['auto', 'new', 'legacy']).default('auto'),
  requestTimeoutMs: z.number().int().positive().default(30_000),
  /** Tasks running at once per model (a trial pack allows 5); a number for all models or per model id. */
  concurrency: z.union([z.number().int().positive(), z.record(z.string(), z.number().int().positive())]).default(5),
  /** Callback URL set on every create that does not carry its own. */
  callbackUrl: httpUrl.optional(),
  /** Standard Webhooks secrets (`whsec_…`); several during a rotation. */
  webhookSecrets: z.array(z.string().regex(WEBHOOK_SECRET_FORMAT, 'must look like whsec_<base64>')).default([]),
  budget: z
    .object({
      maxUnitsPerTask: z.number().positive().optional(),
      maxUnitsPerDay: z.number().positive().optional(),
    })
    .default({}),
  /** Models tried in order when a model is refused (1103, 1203 or discontinued). Off when empty. */
  fallbackModels: z.array(z.string()).default([]),
  retry: z
    .object({
      attempts: z.number().int().min(1).default(4),
      baseDelayMs: z.number().nonnegative().default(500),
      maxDelayMs: z.number().positive().default(8_000),
    })
    .default({ attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000 }),
  circuitBreaker: z
    .object({
      failures: z.number().int().min(1).default(8),
      cooldownMs: z.number().positive().default(30_000),
    })
    .default({ failures: 8, cooldownMs: 30_000 }),
  poll: z
    .object({
      /**
       * Multiplies every poll delay; below 1 for a sandbox with a fast clock. Unset: 1, or what a
       * sandbox announces in its replies.
       */
      scale: z.number().positive().optional(),
      minIntervalMs: z.number().positive().default(1_000),
      maxIntervalMs: z.number().positive().default(30_000),
    })
    .default({ minIntervalMs: 1_000, maxIntervalMs: 30_000 }),
  /** Backoff after a 1303 starts here (Kling: at least 1 s). */
  concurrencyBackoffMs: z.number().positive().default(1_000),
  /** HTTP, timers, clock and crypto; Node's by default (the n8n nodes pass n8n's). */
  platform: z.custom<Platform>((value) => typeof value === 'object' && value !== null && 'fetch' in value).optional(),
  /** Where slots, followed tasks, wake-ups and budget live; in this process's memory by default. */
  state: z.custom<StateFactory>((value) => typeof value === 'function').optional(),
  /** The clock JWTs are signed with (ms since epoch); tests inject one to simulate skew. */
  now: z.custom<() => number>((value) => typeof value === 'function').optional(),
  /** Receives log lines; never given a secret. */
  logger: z.custom<Logger>((value) => typeof value === 'function').optional(),
});

export type Logger = (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
export type ClientConfigInput = z.input<typeof clientConfigSchema>;
export type ClientConfig = z.output<typeof clientConfigSchema>;
export type AuthConfig = ClientConfig['auth'];

/** The base URL requests go to, without a trailing slash. */
export function resolveBaseUrl(config: ClientConfig): string {
  return (config.baseUrl ?? REGION_BASE_URLS[config.region]).replace(/\/+$/, '');
}

export function concurrencyFor(config: ClientConfig, model: string): number {
  return typeof config.concurrency === 'number' ? config.concurrency : (config.concurrency[model] ?? 5);
}

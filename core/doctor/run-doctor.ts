import { clientConfigSchema, resolveBaseUrl, REGION_BASE_URLS } from '../client/config.js';
import { KlingClient } from '../client/kling-client.js';
import type { AccountSummary } from '../client/account.js';
import type { KlingError } from '../errors/kling-error.js';
import { checkApiLatency } from './api-latency.js';
import { checkCallbackUrl } from './callback-url.js';
import { checkClockSkew } from './clock-skew.js';
import { checkConcurrency } from './concurrency.js';
import { checkCredentials } from './credentials.js';
import { asKlingError } from './describe-error.js';
import { checkPacks } from './packs.js';
import { probeApi, type ApiProbe } from './probe-api.js';
import type { Check, CheckResult, DoctorContext, DoctorInput } from './types.js';
import { checkWebhookSecret } from './webhook-secret.js';

/** The checks in the order they are reported. */
export const DOCTOR_CHECKS: readonly Check[] = [
  checkCredentials,
  checkClockSkew,
  checkApiLatency,
  checkPacks,
  checkConcurrency,
  checkWebhookSecret,
  checkCallbackUrl,
];

export interface DoctorReport {
  /** `fail` when any check failed, `warn` when any warned, `pass` otherwise. */
  status: 'pass' | 'warn' | 'fail';
  baseUrl: string;
  checks: CheckResult[];
}

export interface DoctorOptions {
  signal?: AbortSignal;
  /** Deadline for each network call. */
  timeoutMs?: number;
  now?: () => number;
}

/**
 * Production-readiness checks: will this configuration work against this API? Reads only (one
 * credential check, one account read, a few unauthenticated probes); never creates a task.
 */
export async function runDoctor(input: DoctorInput, options: DoctorOptions = {}): Promise<DoctorReport> {
  const context = createContext(input, options);
  const checks: CheckResult[] = [];
  try {
    for (const check of DOCTOR_CHECKS) {
      try {
        checks.push(await check(context));
      } catch (error) {
        checks.push({ name: check.name.replace(/^check/, '').toLowerCase(), status: 'fail', detail: asKlingError(error).message });
      }
    }
  } finally {
    await context.client?.close();
  }
  const status = checks.some((check) => check.status === 'fail')
    ? 'fail'
    : checks.some((check) => check.status === 'warn')
      ? 'warn'
      : 'pass';
  return { status, baseUrl: context.baseUrl, checks };
}

function createContext(input: DoctorInput, options: DoctorOptions): DoctorContext {
  const timeoutMs = options.timeoutMs ?? 10_000;
  // Webhook secrets and the callback URL have checks of their own: a bad one must not stop the rest.
  const { webhookSecrets: _secrets, callbackUrl: _callback, ...rest } = input.options;
  let client: KlingClient | undefined;
  let clientError: KlingError | undefined;
  if (input.auth) {
    try {
      client = new KlingClient({ ...rest, auth: input.auth, requestTimeoutMs: timeoutMs, retry: { attempts: 1 } });
    } catch (error) {
      clientError = asKlingError(error);
    }
  }
  const baseUrl = client?.baseUrl ?? baseUrlOf(input);
  let probe: Promise<ApiProbe> | undefined;
  let credentials: Promise<{ ok: true } | { ok: false; error: KlingError }> | undefined;
  let account: Promise<{ ok: true; summary: AccountSummary } | { ok: false; error: KlingError }> | undefined;
  const readAccount = () =>
    (account ??= client!.account({ signal: options.signal }).then(
      (summary) => ({ ok: true as const, summary }),
      (error: unknown) => ({ ok: false as const, error: asKlingError(error) }),
    ));
  return {
    input,
    baseUrl,
    client,
    clientError,
    timeoutMs,
    signal: options.signal,
    now: options.now ?? Date.now,
    probe: () => (probe ??= probeApi(baseUrl, { timeoutMs, signal: options.signal, now: options.now })),
    credentials: () => (credentials ??= client!.verifyCredentials({ signal: options.signal })),
    account: readAccount,
  };
}

function baseUrlOf(input: DoctorInput): string {
  const parsed = clientConfigSchema.safeParse({
    ...input.options,
    webhookSecrets: [],
    callbackUrl: undefined,
    auth: { type: 'apiKey', apiKey: 'x' },
  });
  if (parsed.success) return resolveBaseUrl(parsed.data);
  return REGION_BASE_URLS.global;
}

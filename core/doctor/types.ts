import type { ClientConfigInput } from '../client/config.js';
import type { AccountSummary } from '../client/account.js';
import type { KlingClient } from '../client/kling-client.js';
import type { KlingError } from '../errors/kling-error.js';
import type { ApiProbe } from './probe-api.js';

/** `skip`: the check could not run because an earlier problem makes it meaningless. */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  /** One line a person reads: what was found. Never a secret. */
  detail: string;
  /** What to do about a warning or failure. */
  hint?: string;
  /** Measured figures, for `--json` and machines. */
  data?: Record<string, unknown>;
}

export interface DoctorInput {
  /** Undefined when none are configured; `credentialsProblem` then says what is missing. */
  auth: ClientConfigInput['auth'] | undefined;
  credentialsProblem?: KlingError;
  /** Everything else of the client configuration, as the user set it (not yet validated). */
  options: Omit<ClientConfigInput, 'auth'>;
}

/** What the checks share: one client, one probe, one account read, each done at most once. */
export interface DoctorContext {
  input: DoctorInput;
  baseUrl: string;
  /** Undefined when credentials are missing or the configuration is invalid (`clientError`). */
  client: KlingClient | undefined;
  clientError: KlingError | undefined;
  probe(): Promise<ApiProbe>;
  credentials(): Promise<{ ok: true } | { ok: false; error: KlingError }>;
  account(): Promise<{ ok: true; summary: AccountSummary } | { ok: false; error: KlingError }>;
  now(): number;
  signal: AbortSignal | undefined;
  timeoutMs: number;
}

export type Check = (context: DoctorContext) => Promise<CheckResult>;

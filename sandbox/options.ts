import type { Faults } from './faults/faults.js';

/** How to start a sandbox. Everything is optional: `startSandbox()` serves the demo account. */
export interface SandboxOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; 127.0.0.1 by default (the control API has no Kling auth: keep it local). */
  host?: string;
  /** Multiplier of the catalog's typical generation times (default 0.05: seconds, not minutes). */
  timeScale?: number;
  /** Seed of every random draw (timings, ids, faults); the same seed replays the same run. Default 1. */
  seed?: number;
  /** Task time moves only when advanced (`advanceClock`); no real-time progress. Default false. */
  manualClock?: boolean;
  /** API key of the default account. With no key options, the demo credentials are accepted. */
  apiKey?: string;
  /** Access key + secret key of the default account (AK/SK JWTs). */
  accessKey?: string;
  secretKey?: string;
  /** Tasks that may run at once per model version (default 5, a trial pack's limit). */
  concurrency?: number;
  /** `whsec_…`: callbacks of the default account are signed with it. */
  webhookSecret?: string;
  /** Units in the default account's resource pack (default 10000). */
  units?: number;
  /** Serve HTTPS with a self-signed certificate made at start (see `Sandbox.certificate`). */
  tls?: boolean;
  /** Faults injected into the default account's traffic. */
  faults?: Faults;
  /** No request log lines (default true; the `kling sandbox` command logs unless --quiet). */
  quiet?: boolean;
  /** Where request log lines go when not quiet (default: stderr). */
  log?: (line: string) => void;
  /** When set, the control API under /__sandbox/ needs the header `x-sandbox-token: <token>`. */
  controlToken?: string;
  /** Gateway path prefixes served like the root (default `/klingai` and `/kling`). */
  pathPrefixes?: string[];
  /** Callback retries after a failed delivery (default 3) and the first retry's delay (default 200 ms, doubling). */
  callbackRetries?: number;
  callbackRetryDelayMs?: number;
  /** Base URL put in result video URLs, when the sandbox is reached through another address. */
  publicUrl?: string;
}

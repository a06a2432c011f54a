import { type ClientConfigInput, KlingClient } from '../core/index.js';
import {
  clientOptionsFromSettings,
  type CredentialKind,
  credentialKind,
  credentialsOf,
  type KlingSettings,
  missingCredentialsError,
  newWebhookSecret,
  receiverForLocalSandbox,
} from '../core/node.js';
import { DEMO_API_KEY, startSandbox, type Sandbox } from '../sandbox/index.js';
import { loadSettings } from './config.js';
import type { Io } from './output.js';

/** The embedded sandbox's clock: a 35 s model finishes in under 2 s. */
export const EMBEDDED_SANDBOX_TIME_SCALE = 0.05;

export interface Session {
  client: KlingClient;
  settings: KlingSettings;
  credentials: CredentialKind;
  /** Set with `--sandbox`: the embedded sandbox, stopped by `close()`. */
  sandbox: Sandbox | undefined;
  /** With `localCallbacks`, against a sandbox on this machine: the callback URL to give creates. */
  callbackUrl: string | undefined;
  close(): Promise<void>;
}

export interface SessionOptions {
  sandbox?: boolean;
  configPath?: string;
  /** Client settings the command adds (a budget from --max-units). */
  extra?: Partial<ClientConfigInput>;
  /** What to do when no credentials are configured, in the command's own terms. */
  noCredentialsHint: string;
  /**
   * Take task callbacks on a loopback port when the API is a sandbox on this machine and no
   * callback URL is configured: the command knows of the end at once instead of polling for it.
   */
  localCallbacks?: boolean;
}

/**
 * A client from the config file and environment, or — with `--sandbox` — an embedded sandbox on a
 * free local port with its demo key and a fast clock (your own settings are not used then).
 */
export async function openSession(io: Io, options: SessionOptions): Promise<Session> {
  let sandbox: Sandbox | undefined;
  let settings: KlingSettings;
  const extra: Partial<ClientConfigInput> = options.extra ?? {};
  if (options.sandbox) {
    // Both ends share a webhook secret: the sandbox's callbacks are signed and trusted as they come.
    const webhookSecret = newWebhookSecret();
    sandbox = await startSandbox({ timeScale: EMBEDDED_SANDBOX_TIME_SCALE, quiet: true, webhookSecret });
    // The client learns the sandbox's fast clock from its replies (x-kling-sandbox-time-scale).
    settings = { apiKey: DEMO_API_KEY, baseUrl: sandbox.url, webhookSecrets: [webhookSecret] };
  } else {
    settings = loadSettings({ configPath: options.configPath, env: io.env, cwd: io.cwd }).settings;
  }
  let client: KlingClient;
  try {
    const { auth, missing } = credentialsOf(settings);
    if (!auth) throw missingCredentialsError(missing as string, options.noCredentialsHint);
    const base = clientOptionsFromSettings(settings);
    client = new KlingClient({ ...base, ...extra, budget: { ...base.budget, ...extra.budget }, auth });
  } catch (error) {
    await sandbox?.stop();
    throw error;
  }
  const receiver = options.localCallbacks
    ? await receiverForLocalSandbox(client, {
        baseUrl: client.baseUrl,
        callbackUrl: settings.callbackUrl,
        sandboxHere: sandbox !== undefined,
      })
    : undefined;
  return {
    client,
    settings,
    credentials: credentialKind(settings),
    sandbox,
    callbackUrl: receiver?.url,
    async close() {
      await receiver?.close();
      await client.close();
      await sandbox?.stop();
    },
  };
}

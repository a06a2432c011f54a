import { type ClientConfigInput, KlingClient } from '../core/index.js';
import {
  clientOptionsFromSettings,
  type CredentialKind,
  credentialKind,
  credentialsOf,
  type KlingSettings,
  missingCredentialsError,
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
  close(): Promise<void>;
}

export interface SessionOptions {
  sandbox?: boolean;
  configPath?: string;
  /** Client settings the command adds (a budget from --max-units). */
  extra?: Partial<ClientConfigInput>;
  /** What to do when no credentials are configured, in the command's own terms. */
  noCredentialsHint: string;
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
    sandbox = await startSandbox({ timeScale: EMBEDDED_SANDBOX_TIME_SCALE, quiet: true });
    // The client learns the sandbox's fast clock from its replies (x-kling-sandbox-time-scale).
    settings = { apiKey: DEMO_API_KEY, baseUrl: sandbox.url };
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
  return {
    client,
    settings,
    credentials: credentialKind(settings),
    sandbox,
    async close() {
      await client.close();
      await sandbox?.stop();
    },
  };
}

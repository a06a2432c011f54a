import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KlingSettings } from '../../core/node.js';
import { gatewayConfig, type GatewayFile, type TokenConfig } from '../../gateway/config.js';
import { startGateway, type RunningGateway } from '../../gateway/start-gateway.js';
import { hashTokenSecret, newTokenSecret, newWebhookSecret } from '../../gateway/token-secret.js';
import { DEMO_API_KEY, startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/index.js';
import { freePort } from '../mcp/helpers.js';

/** Sandbox clock for these tests: a 3 s kling-3.0-turbo video takes about 0.1 s. */
export const TIME_SCALE = 0.002;
/** The account's own webhook secret: Kling's callbacks to the gateway are signed with it. */
export const UPSTREAM_WEBHOOK_SECRET = 'whsec_dXBzdHJlYW0tc2VjcmV0LXVwc3RyZWFtLXNlY3JldA==';

export async function upstream(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, timeScale: TIME_SCALE, seed: 5, webhookSecret: UPSTREAM_WEBHOOK_SECRET, ...options });
}

/** A token as its user holds it (`secret`) and as the gateway's configuration holds it (`config`). */
export interface TestToken {
  secret: string;
  config: TokenConfig;
}

export function token(name: string, extra: Partial<Omit<TokenConfig, 'name' | 'secretHash' | 'webhookSecret'>> = {}): TestToken {
  const secret = newTokenSecret();
  return { secret, config: { name, secretHash: hashTokenSecret(secret), webhookSecret: newWebhookSecret(), ...extra } };
}

export interface TestGateway extends RunningGateway {
  dataDir: string;
  /** Every line the gateway logged. */
  logs: string[];
  /** Every audit line written so far, per token. */
  audit(): Promise<Record<string, Record<string, unknown>[]>>;
}

/**
 * A gateway on the sandbox, in this process, on a port chosen first so its public URL (where the
 * sandbox sends callbacks) is known before it starts.
 */
export async function gateway(
  box: Sandbox,
  tokens: TestToken[],
  file: Partial<GatewayFile> = {},
  options: { apiKey?: string; upstream?: Partial<KlingSettings> } = {},
): Promise<TestGateway> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kling-gateway-test-'));
  const port = await freePort();
  const config = gatewayConfig({
    file: {
      port,
      publicUrl: `http://127.0.0.1:${port}`,
      dataDir,
      upstream: {
        apiKey: options.apiKey ?? DEMO_API_KEY,
        baseUrl: box.url,
        pollScale: TIME_SCALE,
        webhookSecret: UPSTREAM_WEBHOOK_SECRET,
        ...options.upstream,
      },
      tokens: tokens.map((entry) => entry.config),
      callbacks: { retryDelayMs: 20 },
      ...file,
    },
    env: {},
    cwd: dataDir,
  });
  const logs: string[] = [];
  const running = await startGateway(config, { write: (line) => logs.push(line), replica: `test-${port}` });
  return {
    ...running,
    dataDir,
    logs,
    async audit() {
      await running.context.audit.flush();
      const dir = path.join(dataDir, 'audit');
      const files = readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isFile());
      return Object.fromEntries(
        files.map((entry) => [
          entry.name.replace(/\.jsonl$/, ''),
          readFileSync(path.join(dir, entry.name), 'utf8')
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => JSON.parse(line) as Record<string, unknown>),
        ]),
      );
    },
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions walk Kling's JSON freely
export type Json = Record<string, any>;

export interface KlingAnswer {
  status: number;
  body: Json;
  text: string;
}

/** One request in Kling's own shapes, as any Kling client sends it. */
export async function kling(
  base: string,
  secret: string | undefined,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<KlingAnswer> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(secret !== undefined && { authorization: `Bearer ${secret}` }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: Json = {};
  try {
    parsed = JSON.parse(text) as Json;
  } catch {
    // Not JSON (e.g. /metrics): the text is there.
  }
  return { status: response.status, body: parsed, text };
}

/** A new-standard text-to-video create body (kling-3.0-turbo, 3 s: 2.4 units). */
export function newStandardBody(externalTaskId?: string, callbackUrl?: string): Json {
  return {
    prompt: 'a paper boat on a river',
    settings: { duration: 3 },
    ...((externalTaskId !== undefined || callbackUrl !== undefined) && {
      options: {
        ...(externalTaskId !== undefined && { external_task_id: externalTaskId }),
        ...(callbackUrl !== undefined && { callback_url: callbackUrl }),
      },
    }),
  };
}

/** A legacy text-to-video create body (kling-v2-6, 5 s, std: 1.5 units). */
export function legacyBody(externalTaskId?: string, callbackUrl?: string): Json {
  return {
    model_name: 'kling-v2-6',
    prompt: 'a lighthouse at dusk',
    duration: '5',
    ...(externalTaskId !== undefined && { external_task_id: externalTaskId }),
    ...(callbackUrl !== undefined && { callback_url: callbackUrl }),
  };
}

/** Polls `read` until `done` says so (bounded: the tests never wait on time, only for a state). */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, tries = 400): Promise<T> {
  let last: T | undefined;
  for (let attempt = 0; attempt < tries; attempt += 1) {
    last = await read();
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${what}: not reached; last seen ${JSON.stringify(last)?.slice(0, 500)}`);
}

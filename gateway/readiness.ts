import type { GatewayContext } from './gateway-context.js';

export interface Readiness {
  ready: boolean;
  checks: Record<string, string>;
}

const OK_FOR_MS = 30_000;
const FAILED_FOR_MS = 5_000;

/**
 * `/readyz`: ready when Kling accepts the upstream credentials (one free read, remembered for
 * 30 s so probes cost Kling almost nothing) and the shared store answers. Reasons never hold a secret.
 */
export class ReadinessCheck {
  #last: { at: number; result: Readiness } | undefined;
  #pending: Promise<Readiness> | undefined;

  constructor(private readonly context: GatewayContext) {}

  async check(): Promise<Readiness> {
    const last = this.#last;
    if (last && Date.now() - last.at < (last.result.ready ? OK_FOR_MS : FAILED_FOR_MS)) return last.result;
    this.#pending ??= this.#run().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #run(): Promise<Readiness> {
    const checks: Record<string, string> = {};
    const upstream = await this.context.client.verifyCredentials({ signal: AbortSignal.timeout(10_000) }).catch((error: unknown) => ({
      ok: false as const,
      error: error instanceof Error ? error : new Error(String(error)),
    }));
    checks.upstream = upstream.ok ? 'ok' : `failing: ${upstream.error.message}`;
    if (this.context.config.redisUrl === undefined) checks.redis = 'not configured (memory state)';
    else {
      checks.redis = await this.context.store.ping().then(
        () => 'ok',
        (error: unknown) => {
          // The error may name the URL, which may hold a password: the log line is redacted, the answer generic.
          this.context.log('warn', 'Redis does not answer', { error: error instanceof Error ? error.message : String(error) });
          return 'failing: Redis does not answer (see the gateway log)';
        },
      );
    }
    const result = { ready: Object.values(checks).every((value) => !value.startsWith('failing')), checks };
    this.#last = { at: Date.now(), result };
    return result;
  }
}

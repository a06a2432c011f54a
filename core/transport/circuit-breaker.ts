import { KlingError } from '../errors/kling-error.js';

/**
 * After `failures` server or network failures in a row, fails fast for `cooldownMs` instead of
 * hammering an API that is down; then lets one request through to probe.
 */
export class CircuitBreaker {
  private consecutive = 0;
  private openUntil = 0;

  constructor(
    private readonly failures: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): 'closed' | 'open' {
    return this.now() < this.openUntil ? 'open' : 'closed';
  }

  check(): void {
    const remaining = this.openUntil - this.now();
    if (remaining > 0) {
      throw new KlingError({
        kind: 'unavailable',
        message: `Kling appears unavailable after ${this.consecutive} failures in a row; not sending requests for ${Math.ceil(remaining / 1000)} s`,
        retryable: true,
        hint: 'Kling or the network is failing; the client pauses to avoid hammering it. Try again shortly.',
      });
    }
  }

  success(): void {
    this.consecutive = 0;
  }

  failure(): void {
    this.consecutive += 1;
    if (this.consecutive >= this.failures) this.openUntil = this.now() + this.cooldownMs;
  }
}

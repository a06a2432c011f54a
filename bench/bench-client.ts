import type { ClientConfigInput } from '../core/index.js';
import { DEMO_API_KEY } from '../sandbox/index.js';

/**
 * This project's client as every benchmark row runs it: the sandbox's demo key, the account's
 * concurrency, and the poll and 1303 backoff scaled like the sandbox's clock.
 */
export function benchClientConfig(sandboxUrl: string, concurrency: number, scale: number): ClientConfigInput {
  return {
    auth: { type: 'apiKey', apiKey: DEMO_API_KEY },
    baseUrl: sandboxUrl,
    concurrency,
    poll: { scale },
    concurrencyBackoffMs: 1_000 * scale,
  };
}

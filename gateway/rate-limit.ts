import type { TokenConfig } from './config.js';
import type { GatewayStore } from './store/gateway-store.js';

/**
 * A token's rate limit: at most `requests` requests in each window of `perSeconds` seconds,
 * counted in the shared store, so replicas share one limit. Returns the refusal's text, or
 * undefined when the request may go on.
 */
export async function overRateLimit(store: GatewayStore, token: TokenConfig, now: number): Promise<string | undefined> {
  const limit = token.rateLimit;
  if (limit === undefined) return undefined;
  const count = await store.countRequest(token.name, limit.perSeconds * 1000, now);
  if (count <= limit.requests) return undefined;
  return `too many requests: token '${token.name}' may send ${limit.requests} requests per ${limit.perSeconds} s`;
}

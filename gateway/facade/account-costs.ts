import type { TokenConfig } from '../config.js';
import { errorReply } from '../error-reply.js';
import type { GatewayContext } from '../gateway-context.js';
import { klingData, type KlingReply } from '../kling-reply.js';

const PARAMETERS = ['start_time', 'end_time', 'resource_pack_name'];

/**
 * `GET /account/costs`: the shared account's packs and remaining units, read from Kling (the one
 * read the gateway passes on), so `kling doctor` and n8n's Get Packs work through it. It names
 * packs and units, nothing secret; Kling's own limit of about one read a second applies.
 */
export async function accountCosts(
  context: GatewayContext,
  token: TokenConfig,
  query: URLSearchParams,
  requestId: string,
): Promise<KlingReply> {
  const forwarded = Object.fromEntries(PARAMETERS.filter((name) => query.has(name)).map((name) => [name, query.get(name) as string]));
  try {
    const data = await context.client.request('GET', '/account/costs', undefined, { query: forwarded });
    context.audit.record({ event: 'read', token: token.name, outcome: 'ok', detail: 'account costs' });
    return klingData(requestId, data);
  } catch (error) {
    const reply = errorReply(requestId, error);
    context.audit.record({ event: 'read', token: token.name, outcome: 'refused', code: reply.body.code, detail: 'account costs' });
    return reply;
  }
}

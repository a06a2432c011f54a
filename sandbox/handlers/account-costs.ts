import { invalidParameter } from '../http/kling-failure.js';
import { klingData, type HandlerContext, type Reply } from '../http/types.js';

export const PACK_NAME = 'Sandbox video pack';

/**
 * `GET /account/costs?start_time=<ms>&end_time=<ms>[&resource_pack_name=…]`: the account's resource
 * pack and its remaining units, in Kling's shape (shared/kling-api.md §9).
 */
export function accountCosts(context: HandlerContext): Reply {
  const start = timeParameter(context.query, 'start_time');
  const end = timeParameter(context.query, 'end_time');
  if (start > end) throw invalidParameter('start_time must not be later than end_time');
  const name = context.query.get('resource_pack_name');
  const account = context.caller!.account;
  context.engine.catchUp();
  const { pack } = account;
  const overlaps = pack.purchasedAt <= end && pack.expiresAt >= start;
  const packs =
    overlaps && (name === null || name === PACK_NAME)
      ? [
          {
            resource_pack_name: PACK_NAME,
            resource_pack_id: pack.id,
            resource_pack_type: 'decreasing_total',
            total_quantity: account.totalUnits,
            remaining_quantity: account.remainingUnits,
            purchase_time: pack.purchasedAt,
            effective_time: pack.purchasedAt,
            invalid_time: pack.expiresAt,
            status: account.remainingUnits <= 0 ? 'runOut' : 'online',
          },
        ]
      : [];
  return klingData({ code: 0, msg: 'success', resource_pack_subscribe_infos: packs });
}

function timeParameter(query: URLSearchParams, name: string): number {
  const text = query.get(name);
  if (text === null || text === '') throw invalidParameter(`${name}: missing (a Unix time in milliseconds)`);
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw invalidParameter(`${name}: '${text}' is not a Unix time in milliseconds`);
  return value;
}

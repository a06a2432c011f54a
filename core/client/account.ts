import type { HttpTransport } from '../transport/http-transport.js';
import { withReadRetry, type RetryPolicy } from '../transport/read-retry.js';

export interface ResourcePack {
  name: string;
  id: string;
  type: string;
  totalUnits: number;
  remainingUnits: number;
  purchasedAt: number | undefined;
  effectiveAt: number | undefined;
  expiresAt: number | undefined;
  status: string;
}

export interface AccountSummary {
  packs: ResourcePack[];
  /** Remaining units of video packs that are online (Kling's figure may be up to 12 h stale). */
  remainingVideoUnits: number;
  /** The soonest expiry among online video packs. */
  nextExpiry: number | undefined;
  serverDate: string | undefined;
}

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** Packs and remaining units from `GET /account/costs`, at most one call per second. */
export class AccountReader {
  private lastCallAt = 0;
  private last: Promise<AccountSummary> | undefined;

  constructor(
    private readonly transport: HttpTransport,
    private readonly retry: RetryPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  summary(signal?: AbortSignal): Promise<AccountSummary> {
    if (this.last && this.now() - this.lastCallAt < 1_000) return this.last;
    this.lastCallAt = this.now();
    const end = this.now();
    this.last = withReadRetry(
      () =>
        this.transport.send({
          method: 'GET',
          path: '/account/costs',
          query: { start_time: end - YEAR_MS, end_time: end },
          family: 'account',
          signal,
        }),
      this.retry,
      signal,
    ).then((reply) => toSummary(reply.data, reply.date));
    this.last.catch(() => {
      this.last = undefined;
    });
    return this.last;
  }
}

function toSummary(data: unknown, serverDate: string | undefined): AccountSummary {
  const infos = (data as { resource_pack_subscribe_infos?: unknown } | undefined)?.resource_pack_subscribe_infos;
  const packs: ResourcePack[] = (Array.isArray(infos) ? infos : []).map((raw: Record<string, unknown>) => ({
    name: String(raw.resource_pack_name ?? ''),
    id: String(raw.resource_pack_id ?? ''),
    type: String(raw.resource_pack_type ?? ''),
    totalUnits: Number(raw.total_quantity ?? 0),
    remainingUnits: Number(raw.remaining_quantity ?? 0),
    purchasedAt: optionalNumber(raw.purchase_time),
    effectiveAt: optionalNumber(raw.effective_time),
    expiresAt: optionalNumber(raw.invalid_time),
    status: String(raw.status ?? ''),
  }));
  // The type is decreasing_total or constant_period: only the name says video or image.
  const online = packs.filter((pack) => pack.status === 'online' && paysForVideo(pack));
  const expiries = online.map((pack) => pack.expiresAt).filter((at): at is number => at !== undefined);
  return {
    packs,
    remainingVideoUnits: Math.round(online.reduce((sum, pack) => sum + pack.remainingUnits, 0) * 1000) / 1000,
    nextExpiry: expiries.length > 0 ? Math.min(...expiries) : undefined,
    serverDate,
  };
}

/** A pack that names neither videos nor images is counted as a video pack rather than hidden. */
export function paysForVideo(pack: ResourcePack): boolean {
  const text = `${pack.type} ${pack.name}`;
  return /video/i.test(text) || !/image/i.test(text);
}

function optionalNumber(value: unknown): number | undefined {
  const number = Number(value);
  return value === undefined || value === null || Number.isNaN(number) ? undefined : number;
}

import { paysForVideo, type AccountSummary, type ResourcePack } from '../client/account.js';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `now` until `at` (negative once past); undefined when `at` is unknown. */
export function daysUntil(at: number | undefined, now: number): number | undefined {
  return at === undefined ? undefined : Math.floor((at - now) / DAY_MS);
}

/**
 * Kling's `resource_pack_type` is `decreasing_total` or `constant_period`: whether a pack pays for
 * videos or images shows only in its name ("Video Generation - 10,000 entries").
 */
export const isVideoPack: (pack: ResourcePack) => boolean = paysForVideo;

/** A pack that can pay for a task now: online, not past its expiry, units left. */
export function isUsable(pack: ResourcePack, now: number): boolean {
  return pack.status === 'online' && (pack.expiresAt === undefined || pack.expiresAt > now) && pack.remainingUnits > 0;
}

export interface PackOutlook {
  usable: ResourcePack[];
  remainingUnits: number;
  /** Days until the soonest usable pack expires. */
  daysToNextExpiry: number | undefined;
  /** Days until the last usable pack expires: after that nothing can pay. */
  daysToLastExpiry: number | undefined;
}

/** What the video packs can still pay for, and for how long. */
export function videoPackOutlook(summary: AccountSummary, now: number): PackOutlook {
  const usable = summary.packs.filter((pack) => isVideoPack(pack) && isUsable(pack, now));
  const expiries = usable.map((pack) => pack.expiresAt).filter((at): at is number => at !== undefined);
  return {
    usable,
    remainingUnits: Math.round(usable.reduce((sum, pack) => sum + pack.remainingUnits, 0) * 1000) / 1000,
    daysToNextExpiry: expiries.length > 0 ? daysUntil(Math.min(...expiries), now) : undefined,
    daysToLastExpiry: expiries.length > 0 ? daysUntil(Math.max(...expiries), now) : undefined,
  };
}

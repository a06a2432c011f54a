import type { ProbeSample } from './probe-api.js';
import type { Check } from './types.js';

const NAME = 'clock';

/** Below this the clocks agree: an access-key JWT is signed valid from 5 s before now. */
export const CLOCK_PASS_MS = 5_000;
/**
 * Ahead of the API by more than this, an access-key JWT is "not yet valid" (1003) even after the
 * automatic re-sign with 60 s more leeway (nbf = now − 65 s), less a margin.
 */
export const JWT_AHEAD_FAIL_MS = 60_000;
/** Behind by more than this, a JWT (30 min, renewed 5 min early) has expired for the API (1004). */
export const JWT_BEHIND_FAIL_MS = 1_500_000;
/** Signed callbacks older or newer than 5 minutes are refused as replays. */
export const WEBHOOK_TOLERANCE_MS = 300_000;

export interface SkewMeasurement {
  /** Server clock minus this machine's clock, best estimate (ms; positive: this machine is behind). */
  skewMs: number;
  /** The smallest skew consistent with the measurement (the `Date` header has 1 s resolution). */
  atLeastMs: number;
}

/**
 * Clock skew from a `Date` header. The header is truncated to the second and was written some time
 * between sending and receiving, so the skew lies in an interval; its distance from zero is what
 * the thresholds compare, so a fast network and a good clock never look skewed.
 */
export function measureSkew(sample: Pick<ProbeSample, 'sentAt' | 'receivedAt' | 'date'>): SkewMeasurement | undefined {
  const server = sample.date === undefined ? NaN : Date.parse(sample.date);
  if (Number.isNaN(server)) return undefined;
  const low = server - sample.receivedAt;
  const high = server + 1_000 - sample.sentAt;
  const atLeastMs = low > 0 ? low : high < 0 ? -high : 0;
  return { skewMs: Math.round((low + high) / 2), atLeastMs };
}

/** What a skew breaks, given the credentials in use; empty when nothing does. */
export function skewConsequences(measured: SkewMeasurement, usesJwt: boolean, usesWebhooks: boolean): string[] {
  const consequences: string[] = [];
  const ahead = measured.skewMs < 0;
  if (usesJwt && ahead && measured.atLeastMs > JWT_AHEAD_FAIL_MS)
    consequences.push('access-key tokens are refused as not yet valid (1003)');
  if (usesJwt && !ahead && measured.atLeastMs > JWT_BEHIND_FAIL_MS) consequences.push('access-key tokens are refused as expired (1004)');
  // Past 5 minutes the clock is plainly wrong: it fails even before callbacks are set up.
  if (measured.atLeastMs > WEBHOOK_TOLERANCE_MS) {
    consequences.push(`signed callbacks ${usesWebhooks ? 'are' : 'would be'} refused as stale (5-minute tolerance)`);
  }
  return consequences;
}

/** This machine's clock against the API's `Date` header (JWT validity and webhook timestamps depend on it). */
export const checkClockSkew: Check = async (context) => {
  const probe = await context.probe();
  const best = [...probe.samples].sort((a, b) => a.roundTripMs - b.roundTripMs)[0];
  if (!best) return { name: NAME, status: 'skip', detail: 'not checked: the API could not be reached' };
  const measured = measureSkew(best);
  if (!measured) return { name: NAME, status: 'warn', detail: 'the API sent no usable Date header; the clock could not be compared' };
  const data = { skewMs: measured.skewMs, atLeastMs: measured.atLeastMs };
  if (measured.atLeastMs < CLOCK_PASS_MS) {
    return { name: NAME, status: 'pass', detail: `in sync with the API (difference under ${CLOCK_PASS_MS / 1000} s)`, data };
  }
  const direction = measured.skewMs > 0 ? 'behind' : 'ahead of';
  const detail = `this machine's clock is about ${(Math.abs(measured.skewMs) / 1000).toFixed(1)} s ${direction} the API's`;
  const hint = 'Synchronise the clock (NTP), e.g. `sudo timedatectl set-ntp true`.';
  const options = context.input.options;
  const usesWebhooks = (options.webhookSecrets?.length ?? 0) > 0 || options.callbackUrl !== undefined;
  const consequences = skewConsequences(measured, context.input.auth?.type === 'accessKey', usesWebhooks);
  if (consequences.length > 0) return { name: NAME, status: 'fail', detail: `${detail}: ${consequences.join('; ')}`, hint, data };
  return {
    name: NAME,
    status: 'warn',
    detail: `${detail}: nothing fails yet, but tokens and signed callbacks have little margin left`,
    hint,
    data,
  };
};

import type { ProbeSample } from './probe-api.js';
import type { Check } from './types.js';

const NAME = 'clock';

/** An access-key JWT is signed valid from 5 s before now; within that, nothing notices a skew. */
export const CLOCK_PASS_MS = 5_000;
/** After a 1003 the token is re-signed with 60 s more leeway; beyond it, requests fail. */
export const CLOCK_FAIL_MS = 60_000;

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

/** This machine's clock against the API's `Date` header (JWT validity and webhook timestamps depend on it). */
export const checkClockSkew: Check = async (context) => {
  const probe = await context.probe();
  const best = [...probe.samples].sort((a, b) => a.roundTripMs - b.roundTripMs)[0];
  if (!best) return { name: NAME, status: 'skip', detail: 'not checked: the API could not be reached' };
  const measured = measureSkew(best);
  if (!measured) return { name: NAME, status: 'warn', detail: 'the API sent no usable Date header; the clock could not be compared' };
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const direction = measured.skewMs > 0 ? 'behind' : 'ahead of';
  const data = { skewMs: measured.skewMs, atLeastMs: measured.atLeastMs };
  if (measured.atLeastMs < CLOCK_PASS_MS) {
    return { name: NAME, status: 'pass', detail: `in sync with the API (difference under ${CLOCK_PASS_MS / 1000} s)`, data };
  }
  const detail = `this machine's clock is about ${seconds(Math.abs(measured.skewMs))} ${direction} the API's`;
  const hint = 'Synchronise the clock (NTP), e.g. `sudo timedatectl set-ntp true`.';
  if (measured.atLeastMs < CLOCK_FAIL_MS) {
    return { name: NAME, status: 'warn', detail: `${detail}: access-key tokens need re-signing with extra leeway`, hint, data };
  }
  return {
    name: NAME,
    status: 'fail',
    detail: `${detail}: access-key tokens are refused (1003/1004) and signed callbacks look stale`,
    hint,
    data,
  };
};

import type { Check } from './types.js';
import { videoPackOutlook } from './pack-expiry.js';

const NAME = 'concurrency';

/** What every video pack allows at least (a trial pack: 5 tasks at once per model). */
export const PACK_CONCURRENCY_FLOOR = 5;

/** The largest number of tasks the configuration lets run at once for any one model. */
export function configuredConcurrency(concurrency: number | Record<string, number> | undefined): number {
  if (concurrency === undefined) return PACK_CONCURRENCY_FLOOR;
  if (typeof concurrency === 'number') return concurrency;
  return Math.max(PACK_CONCURRENCY_FLOOR, ...Object.values(concurrency));
}

/**
 * Configured concurrency against what the packs allow. Kling does not report a pack's limit through
 * the API; every video pack allows at least 5 (trial), and the account's limit is the highest among
 * its active packs. Above 5 the check can only ask the user to confirm.
 */
export const checkConcurrency: Check = async (context) => {
  const configured = configuredConcurrency(context.input.options.concurrency);
  const data = { configured, packFloor: PACK_CONCURRENCY_FLOOR };
  if (!context.client) return { name: NAME, status: 'skip', detail: 'not checked: no usable credentials', data };
  const account = await context.account();
  if (!account.ok) return { name: NAME, status: 'skip', detail: 'not checked: the packs could not be read', data };
  const outlook = videoPackOutlook(account.summary, context.now());
  if (outlook.usable.length === 0) {
    return { name: NAME, status: 'skip', detail: 'not checked: no video pack can pay for a task (see packs)', data };
  }
  if (configured <= PACK_CONCURRENCY_FLOOR) {
    return {
      name: NAME,
      status: 'pass',
      detail: `${configured} task${configured === 1 ? '' : 's'} at once per model; every video pack allows ${PACK_CONCURRENCY_FLOOR}`,
      data,
    };
  }
  return {
    name: NAME,
    status: 'warn',
    detail: `${configured} tasks at once per model configured; Kling does not report a pack's limit and a trial pack allows ${PACK_CONCURRENCY_FLOOR}`,
    hint: `Confirm in the Kling console that your video pack allows ${configured}; beyond the real limit creates are refused (1303) and retried with backoff, which only slows them down.`,
    data,
  };
};

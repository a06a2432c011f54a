import { describeKlingError } from './describe-error.js';
import { isVideoPack, videoPackOutlook } from './pack-expiry.js';
import type { Check } from './types.js';

const NAME = 'packs';

/** Expiry closer than this many days warns. */
export const EXPIRY_WARN_DAYS = 7;
/** Fewer units than this warns: a handful of short clips. */
export const LOW_UNITS = 10;

/** Video resource packs: units left and days to expiry (Kling's remaining figure may be up to 12 h old). */
export const checkPacks: Check = async (context) => {
  if (!context.client) return { name: NAME, status: 'skip', detail: 'not checked: no usable credentials' };
  const account = await context.account();
  if (!account.ok) {
    if (account.error.kind === 'auth') return { name: NAME, status: 'skip', detail: 'not checked: the credentials were refused' };
    if (account.error.kind === 'network' || account.error.kind === 'timeout') {
      return { name: NAME, status: 'skip', detail: 'not checked: the API could not be reached' };
    }
    const { detail, hint } = describeKlingError(account.error);
    return { name: NAME, status: 'fail', detail: `the packs could not be read: ${detail}`, hint };
  }
  const now = context.now();
  const outlook = videoPackOutlook(account.summary, now);
  const videoPacks = account.summary.packs.filter(isVideoPack);
  const data = {
    remainingUnits: outlook.remainingUnits,
    daysToNextExpiry: outlook.daysToNextExpiry,
    daysToLastExpiry: outlook.daysToLastExpiry,
    packs: videoPacks.map((pack) => ({
      name: pack.name,
      status: pack.status,
      remainingUnits: pack.remainingUnits,
      totalUnits: pack.totalUnits,
      expiresAt: pack.expiresAt,
    })),
  };
  const buy = 'Buy or activate a video resource pack in the Kling console.';
  if (outlook.usable.length === 0) {
    const why =
      videoPacks.length === 0
        ? 'the account has no video resource pack'
        : `no video pack can pay (${videoPacks.map((pack) => `${pack.name || pack.id}: ${pack.status}, ${pack.remainingUnits} units left`).join('; ')})`;
    return { name: NAME, status: 'fail', detail: `${why}: creates are refused with 1102`, hint: buy, data };
  }
  const expiry =
    outlook.daysToNextExpiry === undefined
      ? 'no expiry reported'
      : `the soonest expires in ${outlook.daysToNextExpiry} day${outlook.daysToNextExpiry === 1 ? '' : 's'}`;
  const detail = `${outlook.remainingUnits} video units left in ${outlook.usable.length} pack${outlook.usable.length === 1 ? '' : 's'}; ${expiry}`;
  if (outlook.remainingUnits < LOW_UNITS) return { name: NAME, status: 'warn', detail: `${detail}: running low`, hint: buy, data };
  if (outlook.daysToLastExpiry !== undefined && outlook.daysToLastExpiry < EXPIRY_WARN_DAYS) {
    return { name: NAME, status: 'warn', detail: `${detail}: every pack expires within ${EXPIRY_WARN_DAYS} days`, hint: buy, data };
  }
  return { name: NAME, status: 'pass', detail, data };
};

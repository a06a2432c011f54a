export { runDoctor, DOCTOR_CHECKS, type DoctorReport, type DoctorOptions } from './run-doctor.js';
export type { CheckResult, CheckStatus, DoctorInput } from './types.js';
export {
  measureSkew,
  skewConsequences,
  CLOCK_PASS_MS,
  JWT_AHEAD_FAIL_MS,
  JWT_BEHIND_FAIL_MS,
  WEBHOOK_TOLERANCE_MS,
  type SkewMeasurement,
} from './clock-skew.js';
export { daysUntil, videoPackOutlook, isVideoPack, type PackOutlook } from './pack-expiry.js';
export { configuredConcurrency, PACK_CONCURRENCY_FLOOR } from './concurrency.js';
export { secretProblem } from './webhook-secret.js';
export { isPrivateHost } from './callback-url.js';
export { probeApi, type ApiProbe, type ProbeSample } from './probe-api.js';

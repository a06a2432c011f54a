/**
 * The Kling sandbox: a local Kling API (both standards, auth, limits, callbacks, faults) for tests,
 * demos, benchmarks and anyone without an account. `startSandbox()` or `npx kling sandbox`.
 */
export { startSandbox, type Sandbox } from './start.js';
export type { SandboxOptions } from './options.js';
export { DEMO_ACCESS_KEY, DEMO_API_KEY, DEMO_SECRET_KEY } from './accounts/demo-credentials.js';
export { DEFAULT_ACCOUNT, type AccountInfo, type AccountSettings } from './accounts/account.js';
export type { Faults } from './faults/faults.js';
export type { ClockState } from './clock/clock.js';
export { TIME_SCALE_HEADER } from './http/time-scale-header.js';
export type { SandboxStats } from './stats/stats.js';
export type { TaskSummary } from './control/api.js';
export { FAILURE_MARKER, CONTENT_POLICY_MESSAGE } from './tasks/lifecycle.js';
export { MOTION_REFERENCE_SECONDS } from './tasks/price.js';
export { signCallback, type WebhookHeaders } from './callbacks/sign.js';
export { decodeCreate, decodeLegacy, decodeNewStandard } from './decode/index.js';

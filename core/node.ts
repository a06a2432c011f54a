/*
 * The Node-only part of the public surface, for the doors that run on Node (the MCP server, the
 * CLI, the gateway) and for library users: the Node platform, local files, the environment, the
 * doctor and the Redis state. It re-exports the engine (`core/index.ts`), so
 * `import { KlingClient } from 'kling-mcp'` gets both. The n8n nodes never import this module.
 */
export * from './index.js';
export { nodePlatform } from './platform/node-platform.js';
export { parseSettingsFile } from './client/parse-config.js';
export { isLocalImagePath, readLocalImage, loadLocalImages, type LocalImageOptions } from './request/local-image.js';
export { downloadFile, type DownloadOptions } from './output/download.js';
export { runDoctor, type CheckResult, type DoctorReport } from './doctor/index.js';
export { redisState, type RedisStateOptions } from './state/redis/redis-state.js';
export {
  CLIENT_ENV_VARS,
  clientConfigFromSettings,
  clientOptionsFromSettings,
  credentialKind,
  credentialsOf,
  klingSettingsSchema,
  mergeSettings,
  missingCredentialsError,
  settingsFromEnv,
  settingsFromJson,
  type ClientEnvVar,
  type CredentialKind,
  type KlingSettings,
} from './client/env-config.js';
export { isLoopback } from './server/loopback.js';
export { MAX_CALLBACK_BYTES, readBody } from './server/read-body.js';
export { receiverForLocalSandbox, startCallbackReceiver, type CallbackReceiver } from './server/callback-receiver.js';
export { isLocalSandbox } from './client/local-sandbox.js';
export { newWebhookSecret } from './server/webhook-secret.js';

import type { KlingClient, Logger } from '../core/index.js';
import type { AuditLog } from './audit-log.js';
import type { GatewayConfig, TokenConfig } from './config.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import type { GatewayStore } from './store/gateway-store.js';
import type { VideoStorage } from './storage/video-storage.js';

/** What every part of a running gateway shares: one upstream client, one store, one log. */
export interface GatewayContext {
  readonly config: GatewayConfig;
  /** The engine on the real Kling account: slots, budgets, tracking. */
  readonly client: KlingClient;
  readonly store: GatewayStore;
  /** Undefined when storage is off (`type: none`). */
  readonly storage: VideoStorage | undefined;
  readonly metrics: GatewayMetrics;
  readonly audit: AuditLog;
  readonly log: Logger;
  readonly tokens: ReadonlyMap<string, TokenConfig>;
  /** The public base URL, else the address the gateway listens on. */
  baseUrl(): string;
  /** Wakes the job runner: a job was added here. */
  wakeJobs(): void;
}

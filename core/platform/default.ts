import { nodePlatform } from './node-platform.js';
import type { Platform } from './platform.js';

/**
 * The platform a client gets when its configuration names none: Node's. The n8n build replaces
 * this module with `default-none.ts` (see tsup.config.ts), so the nodes' bundle holds no Node
 * adapter and every client there is given the n8n platform explicitly.
 */
export function defaultPlatform(): Platform {
  return nodePlatform();
}

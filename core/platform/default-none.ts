import { KlingError } from '../errors/kling-error.js';
import type { Platform } from './platform.js';

/** The n8n build's stand-in for `default.ts`: there, a client must be given its platform. */
export function defaultPlatform(): Platform {
  throw new KlingError({
    kind: 'invalid',
    field: 'platform',
    message: 'config platform: this build has no default platform',
    hint: 'Pass the n8n platform (nodes/KlingAi/transport) in the client configuration.',
  });
}

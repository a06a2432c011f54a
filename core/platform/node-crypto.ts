import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Platform } from './platform.js';

/** The platform's cryptography from `node:crypto`: on Node, and allowed inside n8n too. */
export const nodeCrypto: Pick<Platform, 'hmacSha256' | 'timingSafeEqual' | 'randomUUID' | 'sha256Hex'> = {
  hmacSha256: (key, data) => new Uint8Array(createHmac('sha256', key).update(data).digest()),
  timingSafeEqual: (a, b) => a.length === b.length && timingSafeEqual(a, b),
  randomUUID: () => randomUUID(),
  sha256Hex: (data) => createHash('sha256').update(data).digest('hex'),
};

import { createHash, randomBytes } from 'node:crypto';

/**
 * Gateway tokens: random, high-entropy secrets that the configuration holds only as a SHA-256
 * hash. A fast hash is enough for 256 random bits (nothing to guess, unlike a password) and keeps
 * the check of every request cheap.
 */
export const SECRET_HASH_FORMAT = /^sha256:[0-9a-f]{64}$/;

/** A new token secret: `kgw_` and 32 random bytes in Base64url. */
export function newTokenSecret(): string {
  return `kgw_${randomBytes(32).toString('base64url')}`;
}

/** The form the configuration stores: `sha256:<hex>`. */
export function hashTokenSecret(secret: string): string {
  return `sha256:${sha256(secret).toString('hex')}`;
}

/** A token's callbacks are signed with a secret of this form. */
export { newWebhookSecret } from '../core/node.js';

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

import { randomBytes } from 'node:crypto';

/** A new Standard Webhooks secret: `whsec_` and 32 random bytes in Base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

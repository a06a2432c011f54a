import { Webhook } from 'standardwebhooks';

/** The Standard Webhooks headers Kling sends with a signed callback (shared/kling-api.md §5). */
export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signs a callback body: `v1,` + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), the key
 * being the base64 part of a `whsec_…` secret.
 */
export function signCallback(secret: string, id: string, timestampSeconds: number, body: string): WebhookHeaders {
  const signature = new Webhook(secret).sign(id, new Date(timestampSeconds * 1000), body);
  return { 'webhook-id': id, 'webhook-timestamp': String(timestampSeconds), 'webhook-signature': signature };
}

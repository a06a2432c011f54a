import { signWebhook } from '../../core/callbacks/verify-signature.js';

/** The Standard Webhooks headers Kling sends with a signed callback (shared/kling-api.md §5). */
export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** Signs a callback body with the core's Standard Webhooks signer and returns the headers to send. */
export function signCallback(secret: string, id: string, timestampSeconds: number, body: string): WebhookHeaders {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signWebhook(secret, id, timestampSeconds, body),
  };
}

import { timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** Request headers as Node's `IncomingMessage` or the fetch API give them. */
export type WebhookHeaders = Record<string, string | string[] | undefined> | Headers;

export type SignatureCheck = { ok: true; webhookId: string } | { ok: false; reason: string };

export interface VerifyOptions {
  /** The current time in Unix **seconds** (default: the system clock). */
  now?: number;
  /** How far the `webhook-timestamp` may be from `now`, either way (default 300 s). */
  toleranceSeconds?: number;
}

const DEFAULT_TOLERANCE_SECONDS = 5 * 60;
const SIGNATURE_ENTRY = /v1,([A-Za-z0-9+/=]+)/g;

/**
 * Checks a Standard Webhooks signature (kling-api.md §5) over the raw body, against every
 * configured secret (several during a rotation) and every `v1,` entry in the header.
 *
 * The HMAC comes from the `standardwebhooks` library; the time window and the comparison are
 * done here because the library reads the system clock and only accepts one secret per instance.
 * Reasons name what failed, never a secret or a signature.
 */
export function verifyWebhookSignature(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  secrets: readonly string[],
  options: VerifyOptions = {},
): SignatureCheck {
  if (secrets.length === 0) return { ok: false, reason: 'no webhook secret is configured' };

  const webhookId = header(headers, 'webhook-id');
  const timestampText = header(headers, 'webhook-timestamp');
  const signatureHeader = header(headers, 'webhook-signature');
  const missing = [
    webhookId === undefined && 'webhook-id',
    timestampText === undefined && 'webhook-timestamp',
    signatureHeader === undefined && 'webhook-signature',
  ].filter((name): name is string => name !== false);
  if (webhookId === undefined || timestampText === undefined || signatureHeader === undefined) {
    return { ok: false, reason: `missing ${missing.join(', ')} header${missing.length > 1 ? 's' : ''}` };
  }

  if (!/^\d{1,12}$/.test(timestampText)) return { ok: false, reason: 'webhook-timestamp is not a Unix time in seconds' };
  const timestamp = Number(timestampText);
  const now = Math.floor(options.now ?? Date.now() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (now - timestamp > tolerance) return { ok: false, reason: `webhook-timestamp is more than ${tolerance} s old` };
  if (timestamp - now > tolerance) return { ok: false, reason: `webhook-timestamp is more than ${tolerance} s in the future` };

  const offered = [...signatureHeader.matchAll(SIGNATURE_ENTRY)].map((entry) => Buffer.from(entry[1] ?? '', 'utf8'));
  if (offered.length === 0) return { ok: false, reason: 'webhook-signature has no v1 signature' };

  const body = toBodyBuffer(rawBody);
  if (body === undefined) return { ok: false, reason: 'the body is not valid UTF-8' };

  let usableSecrets = 0;
  for (const secret of secrets) {
    const expected = expectedSignature(secret, webhookId, timestamp, body);
    if (expected === undefined) continue;
    usableSecrets += 1;
    if (offered.some((signature) => signature.length === expected.length && timingSafeEqual(signature, expected))) {
      return { ok: true, webhookId };
    }
  }
  if (usableSecrets === 0) return { ok: false, reason: 'no configured webhook secret is usable (expected whsec_<base64>)' };
  return { ok: false, reason: 'no matching signature' };
}

/** The `webhook-signature` value (`v1,<base64>`) for a body: for tests and the sandbox. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, rawBody: string | Uint8Array): string {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody);
  return new Webhook(secret).sign(id, new Date(timestampSeconds * 1000), body);
}

/** The base64 part of the expected signature, or undefined when the secret is malformed. */
function expectedSignature(secret: string, id: string, timestamp: number, body: Buffer): Buffer | undefined {
  let webhook: Webhook;
  try {
    webhook = new Webhook(secret);
  } catch {
    return undefined;
  }
  const signature = webhook.sign(id, new Date(timestamp * 1000), body);
  return Buffer.from(signature.slice(signature.indexOf(',') + 1), 'utf8');
}

/**
 * The library signs `body.toString()`, a UTF-8 decoding: exact for valid UTF-8 only, so bytes
 * that are not valid UTF-8 are refused instead of being signed in a lossy re-encoding.
 */
function toBodyBuffer(rawBody: string | Uint8Array): Buffer | undefined {
  if (typeof rawBody === 'string') return Buffer.from(rawBody, 'utf8');
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(rawBody);
  } catch {
    return undefined;
  }
  return Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
}

/** A header's value, case-insensitively; repeated headers are joined with a space. */
function header(headers: WebhookHeaders, name: string): string | undefined {
  let value: string | string[] | null | undefined;
  if (typeof (headers as Headers).get === 'function' && typeof (headers as Headers).has === 'function') {
    value = (headers as Headers).get(name);
  } else {
    const record = headers as Record<string, string | string[] | undefined>;
    const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
    value = key === undefined ? undefined : record[key];
  }
  const text = (Array.isArray(value) ? value.join(' ') : (value ?? '')).trim();
  return text === '' ? undefined : text;
}

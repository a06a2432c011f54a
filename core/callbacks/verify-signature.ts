import { WEBHOOK_SECRET_FORMAT } from './secret-format.js';
import { concatBytes, fromBase64, toBase64, utf8 } from '../platform/bytes.js';
import { nodeCrypto } from '../platform/node-crypto.js';
import type { Platform } from '../platform/platform.js';

/** Request headers as Node's `IncomingMessage` or the fetch API give them. */
export type WebhookHeaders = Record<string, string | string[] | undefined> | Headers;

export type SignatureCheck = { ok: true; webhookId: string; timestamp: number } | { ok: false; reason: string };

export interface VerifyOptions {
  /** The current time in Unix **seconds** (default: the system clock). */
  now?: number;
  /** How far the `webhook-timestamp` may be from `now`, either way (default 300 s). */
  toleranceSeconds?: number;
  /** HMAC and comparison; `node:crypto` by default (allowed on every platform this runs on). */
  crypto?: WebhookCrypto;
}

type WebhookCrypto = Pick<Platform, 'hmacSha256' | 'timingSafeEqual'>;

export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;
const SIGNATURE_ENTRY = /v1,([A-Za-z0-9+/=]+)/g;

/**
 * Checks a Standard Webhooks signature (kling-api.md §5) over the raw body, against every
 * configured secret (several during a rotation) and every `v1,` entry in the header.
 *
 * The scheme is small enough to implement here on the platform's HMAC; tests check it against the
 * `standardwebhooks` library and the vendor's test vector. Reasons name what failed, never a
 * secret or a signature.
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

  const offered = [...signatureHeader.matchAll(SIGNATURE_ENTRY)].map((entry) => utf8(entry[1] ?? ''));
  if (offered.length === 0) return { ok: false, reason: 'webhook-signature has no v1 signature' };

  const body = bodyBytes(rawBody);
  if (body === undefined) return { ok: false, reason: 'the body is not valid UTF-8' };

  const crypto = options.crypto ?? nodeCrypto;
  let usableSecrets = 0;
  for (const secret of secrets) {
    const key = secretKey(secret);
    if (key === undefined) continue;
    usableSecrets += 1;
    const expected = utf8(signatureOf(crypto, key, webhookId, timestamp, body));
    if (offered.some((signature) => signature.length === expected.length && crypto.timingSafeEqual(signature, expected))) {
      return { ok: true, webhookId, timestamp };
    }
  }
  if (usableSecrets === 0) return { ok: false, reason: 'no configured webhook secret is usable (expected whsec_<base64>)' };
  return { ok: false, reason: 'no matching signature' };
}

/** The `webhook-signature` value (`v1,<base64>`) for a body: for the sandbox, the gateway and tests. */
export function signWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  rawBody: string | Uint8Array,
  crypto: WebhookCrypto = nodeCrypto,
): string {
  const key = secretKey(secret);
  if (key === undefined) throw new TypeError('the webhook secret must look like whsec_<base64>');
  const body = typeof rawBody === 'string' ? utf8(rawBody) : rawBody;
  return `v1,${signatureOf(crypto, key, id, timestampSeconds, body)}`;
}

/** base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), kling-api.md §5. */
function signatureOf(crypto: WebhookCrypto, key: Uint8Array, id: string, timestamp: number, body: Uint8Array): string {
  return toBase64(crypto.hmacSha256(key, concatBytes(utf8(`${id}.${timestamp}.`), body)));
}

/** The HMAC key of a `whsec_<base64>` secret; undefined when the secret is malformed. */
function secretKey(secret: string): Uint8Array | undefined {
  const match = WEBHOOK_SECRET_FORMAT.exec(secret);
  return match?.[1] === undefined ? undefined : fromBase64(match[1]);
}

/**
 * The raw body as bytes. Bytes that are not valid UTF-8 are refused: senders sign text, and a
 * lossy re-encoding would verify something other than what was sent.
 */
function bodyBytes(rawBody: string | Uint8Array): Uint8Array | undefined {
  if (typeof rawBody === 'string') return utf8(rawBody);
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(rawBody);
  } catch {
    return undefined;
  }
  return rawBody;
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

import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from '../../core/callbacks/verify-signature.js';

/** The vendor's test vector (kling-api.md §5). */
const SECRET = 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0MTI=';
const ID = '9876543210';
const TIMESTAMP = 1781080794;
const BODY = '{"id":"1234567890","status":"succeeded","message":"","create_time":1781080778802,"update_time":1781080794151}';
const SIGNATURE = 'v1,UsKlJP00XoQyOn410NM9xv34sP+Gl0jnOO9Lcpr7NJ4=';
const OTHER_SECRET = 'whsec_b3RoZXJzZWNyZXRvdGhlcnNlY3JldG90aGVyc2VjcmV0';

const headers = (signature = SIGNATURE, timestamp = String(TIMESTAMP)) => ({
  'webhook-id': ID,
  'webhook-timestamp': timestamp,
  'webhook-signature': signature,
});

describe('signWebhook', () => {
  it('reproduces the vendor signature', () => {
    expect(signWebhook(SECRET, ID, TIMESTAMP, BODY)).toBe(SIGNATURE);
    expect(signWebhook(SECRET, ID, TIMESTAMP, new TextEncoder().encode(BODY))).toBe(SIGNATURE);
  });
});

describe('verifyWebhookSignature', () => {
  it('accepts the vendor vector, from a string or from raw bytes', () => {
    expect(verifyWebhookSignature(BODY, headers(), [SECRET], { now: TIMESTAMP })).toEqual({
      ok: true,
      webhookId: ID,
      timestamp: TIMESTAMP,
    });
    expect(verifyWebhookSignature(Buffer.from(BODY), headers(), [SECRET], { now: TIMESTAMP })).toEqual({
      ok: true,
      webhookId: ID,
      timestamp: TIMESTAMP,
    });
  });

  it('reads headers case-insensitively, from a plain object or a fetch Headers', () => {
    const mixed = { 'Webhook-Id': ID, 'WEBHOOK-TIMESTAMP': String(TIMESTAMP), 'Webhook-Signature': SIGNATURE };
    expect(verifyWebhookSignature(BODY, mixed, [SECRET], { now: TIMESTAMP }).ok).toBe(true);
    expect(verifyWebhookSignature(BODY, new Headers(mixed), [SECRET], { now: TIMESTAMP }).ok).toBe(true);
  });

  it('accepts within the 5-minute window and refuses outside it', () => {
    expect(verifyWebhookSignature(BODY, headers(), [SECRET], { now: TIMESTAMP + 300 }).ok).toBe(true);
    expect(verifyWebhookSignature(BODY, headers(), [SECRET], { now: TIMESTAMP + 301 })).toEqual({
      ok: false,
      reason: 'webhook-timestamp is more than 300 s old',
    });
    expect(verifyWebhookSignature(BODY, headers(), [SECRET], { now: TIMESTAMP - 301 })).toEqual({
      ok: false,
      reason: 'webhook-timestamp is more than 300 s in the future',
    });
    expect(verifyWebhookSignature(BODY, headers(), [SECRET], { now: TIMESTAMP + 600, toleranceSeconds: 600 }).ok).toBe(true);
  });

  it('refuses a body changed by one byte', () => {
    const forged = BODY.replace('"succeeded"', '"succeedee"');
    expect(forged.length).toBe(BODY.length);
    expect(verifyWebhookSignature(forged, headers(), [SECRET], { now: TIMESTAMP })).toEqual({ ok: false, reason: 'no matching signature' });
  });

  it('refuses a changed id or timestamp', () => {
    expect(verifyWebhookSignature(BODY, { ...headers(), 'webhook-id': '9876543211' }, [SECRET], { now: TIMESTAMP }).ok).toBe(false);
    expect(verifyWebhookSignature(BODY, headers(SIGNATURE, String(TIMESTAMP + 1)), [SECRET], { now: TIMESTAMP }).ok).toBe(false);
  });

  it('names the missing headers', () => {
    expect(verifyWebhookSignature(BODY, {}, [SECRET], { now: TIMESTAMP })).toEqual({
      ok: false,
      reason: 'missing webhook-id, webhook-timestamp, webhook-signature headers',
    });
    const { 'webhook-signature': _signature, ...unsigned } = headers();
    expect(verifyWebhookSignature(BODY, unsigned, [SECRET], { now: TIMESTAMP })).toEqual({
      ok: false,
      reason: 'missing webhook-signature header',
    });
    expect(verifyWebhookSignature(BODY, { ...headers(), 'webhook-id': undefined }, [SECRET], { now: TIMESTAMP })).toEqual({
      ok: false,
      reason: 'missing webhook-id header',
    });
  });

  it('refuses a malformed timestamp or signature header', () => {
    expect(verifyWebhookSignature(BODY, headers(SIGNATURE, '1781080794.5'), [SECRET], { now: TIMESTAMP })).toEqual({
      ok: false,
      reason: 'webhook-timestamp is not a Unix time in seconds',
    });
    expect(verifyWebhookSignature(BODY, headers('v2,abc'), [SECRET], { now: TIMESTAMP })).toEqual({
      ok: false,
      reason: 'webhook-signature has no v1 signature',
    });
  });

  it('refuses the wrong secret', () => {
    expect(verifyWebhookSignature(BODY, headers(), [OTHER_SECRET], { now: TIMESTAMP })).toEqual({
      ok: false,
      reason: 'no matching signature',
    });
  });

  it('accepts several signatures when one is right (rotation)', () => {
    const stale = signWebhook(OTHER_SECRET, ID, TIMESTAMP, BODY);
    expect(verifyWebhookSignature(BODY, headers(`${stale} ${SIGNATURE}`), [SECRET], { now: TIMESTAMP }).ok).toBe(true);
    expect(verifyWebhookSignature(BODY, headers(`${SIGNATURE} ${stale}`), [SECRET], { now: TIMESTAMP }).ok).toBe(true);
    expect(verifyWebhookSignature(BODY, { ...headers(), 'webhook-signature': [stale, SIGNATURE] }, [SECRET], { now: TIMESTAMP }).ok).toBe(
      true,
    );
    expect(
      verifyWebhookSignature(BODY, new Headers([...Object.entries(headers(stale)), ['webhook-signature', SIGNATURE]]), [SECRET], {
        now: TIMESTAMP,
      }).ok,
    ).toBe(true);
  });

  it('accepts when the second configured secret is right (rotation)', () => {
    expect(verifyWebhookSignature(BODY, headers(), [OTHER_SECRET, SECRET], { now: TIMESTAMP }).ok).toBe(true);
  });

  it('skips a malformed secret and says so when none is usable', () => {
    expect(verifyWebhookSignature(BODY, headers(), ['whsec_', SECRET], { now: TIMESTAMP }).ok).toBe(true);
    expect(verifyWebhookSignature(BODY, headers(), ['whsec_!!not-base64!!'], { now: TIMESTAMP })).toEqual({
      ok: false,
      reason: 'no configured webhook secret is usable (expected whsec_<base64>)',
    });
    expect(verifyWebhookSignature(BODY, headers(), [], { now: TIMESTAMP })).toEqual({
      ok: false,
      reason: 'no webhook secret is configured',
    });
  });

  it('refuses bytes that are not UTF-8 rather than verifying a lossy decoding', () => {
    const bytes = Uint8Array.from([...Buffer.from(BODY), 0xff]);
    expect(verifyWebhookSignature(bytes, headers(), [SECRET], { now: TIMESTAMP })).toEqual({
      ok: false,
      reason: 'the body is not valid UTF-8',
    });
  });

  it('never puts a secret or the expected signature in a reason', () => {
    const secrets = [SECRET, OTHER_SECRET, 'whsec_!!not-base64!!'];
    const attempts = [
      verifyWebhookSignature(BODY, headers(), [OTHER_SECRET], { now: TIMESTAMP }),
      verifyWebhookSignature(BODY, headers(), ['whsec_!!not-base64!!'], { now: TIMESTAMP }),
      verifyWebhookSignature(`${BODY} `, headers(), secrets, { now: TIMESTAMP }),
      verifyWebhookSignature(BODY, headers(), secrets, { now: TIMESTAMP + 10_000 }),
      verifyWebhookSignature(BODY, {}, secrets, { now: TIMESTAMP }),
    ];
    for (const attempt of attempts) {
      expect(attempt.ok).toBe(false);
      const reason = attempt.ok ? '' : attempt.reason;
      for (const secret of secrets) {
        expect(reason).not.toContain(secret);
        expect(reason).not.toContain(secret.slice('whsec_'.length));
      }
      expect(reason).not.toContain(SIGNATURE.slice(3));
    }
  });
});

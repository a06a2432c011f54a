import fc from 'fast-check';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { JwtSigner } from '../../core/auth/jwt-signer.js';
import { signWebhook, verifyWebhookSignature } from '../../core/index.js';
import { nodeCrypto } from '../../core/node.js';

/*
 * The HS256 JWT and the Standard Webhooks signature are implemented on the platform's HMAC (so the
 * n8n package needs no dependency). These tests hold them equal to the reference libraries.
 */

const VENDOR = {
  secret: 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0MTI=',
  id: '9876543210',
  timestamp: 1781080794,
  body: '{"id":"1234567890","status":"succeeded","message":"","create_time":1781080778802,"update_time":1781080794151}',
  signature: 'v1,UsKlJP00XoQyOn410NM9xv34sP+Gl0jnOO9Lcpr7NJ4=',
};

describe('Standard Webhooks signature', () => {
  it('matches the vendor test vector', () => {
    expect(signWebhook(VENDOR.secret, VENDOR.id, VENDOR.timestamp, VENDOR.body)).toBe(VENDOR.signature);
  });

  it('signs like the standardwebhooks library, and verifies what it signs, for any body', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 48 }),
        fc.stringMatching(/^[A-Za-z0-9_.-]{1,40}$/),
        fc.string(),
        (key, id, body) => {
          const secret = `whsec_${Buffer.from(key).toString('base64')}`;
          const timestamp = 1781080794;
          const theirs = new Webhook(secret).sign(id, new Date(timestamp * 1000), body);
          expect(signWebhook(secret, id, timestamp, body)).toBe(theirs);
          const headers = { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': theirs };
          expect(verifyWebhookSignature(body, headers, [secret], { now: timestamp }).ok).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('HS256 JWT for access key + secret key', () => {
  it('is a token jose verifies with the secret key, with the claims Kling asks for', async () => {
    const now = 1_781_080_794_000;
    const signer = new JwtSigner('ak-demo', 'sk-demo-secret', nodeCrypto, () => now);
    const token = signer.get();
    const { payload } = await jwtVerify(token, new TextEncoder().encode('sk-demo-secret'), { currentDate: new Date(now) });
    expect(payload).toEqual({ iss: 'ak-demo', exp: now / 1000 + 1800, nbf: now / 1000 - 5 });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    await expect(jwtVerify(token, new TextEncoder().encode('another-key'), { currentDate: new Date(now) })).rejects.toThrow();
  });

  it('is cached until shortly before it expires, and re-signed with a wider skew after a 1003', () => {
    let now = 1_781_080_794_000;
    const signer = new JwtSigner('ak', 'sk', nodeCrypto, () => now);
    const first = signer.get();
    now += 1_000_000;
    expect(signer.get()).toBe(first);
    now += 600_000;
    expect(signer.get()).not.toBe(first);
    signer.widenSkew(60);
    expect(decodeJwt(signer.get()).nbf).toBe(Math.floor(now / 1000) - 65);
    expect(signer.signings).toBe(3);
  });
});

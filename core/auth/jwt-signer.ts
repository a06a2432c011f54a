import { toBase64Url, utf8 } from '../platform/bytes.js';
import type { Platform } from '../platform/platform.js';

const LIFETIME_SECONDS = 1800;
/** Renew well before `exp` so a token never expires in flight. */
const RENEW_BEFORE_SECONDS = 300;
const BASE_NBF_SKEW_SECONDS = 5;
const HEADER = toBase64Url(utf8(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));

/**
 * Signs access key + secret key into Kling's HS256 JWT (kling-api.md §1) and caches it.
 * `renew()` forces a new token (after 1004), `widenSkew()` backdates `nbf` further (after 1003,
 * when this machine's clock runs ahead of Kling's). Signing is synchronous, so concurrent callers
 * never sign twice.
 */
export class JwtSigner {
  private token: { value: string; expiresAt: number } | undefined;
  private extraSkewSeconds = 0;
  private readonly key: Uint8Array;
  signings = 0;

  constructor(
    private readonly accessKey: string,
    secretKey: string,
    private readonly platform: Pick<Platform, 'hmacSha256'>,
    private readonly now: () => number,
  ) {
    this.key = utf8(secretKey);
  }

  get(): string {
    const nowSeconds = Math.floor(this.now() / 1000);
    if (this.token && this.token.expiresAt - RENEW_BEFORE_SECONDS > nowSeconds) return this.token.value;
    return this.sign(nowSeconds);
  }

  renew(): void {
    this.token = undefined;
  }

  widenSkew(seconds = 60): void {
    this.extraSkewSeconds += seconds;
    this.token = undefined;
  }

  private sign(nowSeconds: number): string {
    const expiresAt = nowSeconds + LIFETIME_SECONDS;
    const claims = { iss: this.accessKey, exp: expiresAt, nbf: nowSeconds - BASE_NBF_SKEW_SECONDS - this.extraSkewSeconds };
    const input = `${HEADER}.${toBase64Url(utf8(JSON.stringify(claims)))}`;
    const value = `${input}.${toBase64Url(this.platform.hmacSha256(this.key, utf8(input)))}`;
    this.signings += 1;
    this.token = { value, expiresAt };
    return value;
  }
}

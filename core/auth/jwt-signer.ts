import { SignJWT } from 'jose';

const LIFETIME_SECONDS = 1800;
/** Renew well before `exp` so a token never expires in flight. */
const RENEW_BEFORE_SECONDS = 300;
const BASE_NBF_SKEW_SECONDS = 5;

/**
 * Signs access key + secret key into Kling's HS256 JWT and caches it. Many concurrent callers
 * share one signing; `renew()` forces a new token (after 1004), `widenSkew()` backdates `nbf`
 * further (after 1003, when this machine's clock runs ahead of Kling's).
 */
export class JwtSigner {
  private token: { value: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;
  private extraSkewSeconds = 0;
  private readonly key: Uint8Array;
  signings = 0;

  constructor(
    private readonly accessKey: string,
    secretKey: string,
    private readonly now: () => number = Date.now,
  ) {
    this.key = new TextEncoder().encode(secretKey);
  }

  async get(): Promise<string> {
    const nowSeconds = Math.floor(this.now() / 1000);
    if (this.token && this.token.expiresAt - RENEW_BEFORE_SECONDS > nowSeconds) return this.token.value;
    this.pending ??= this.sign().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  renew(): void {
    this.token = undefined;
  }

  widenSkew(seconds = 60): void {
    this.extraSkewSeconds += seconds;
    this.token = undefined;
  }

  private async sign(): Promise<string> {
    const nowSeconds = Math.floor(this.now() / 1000);
    const expiresAt = nowSeconds + LIFETIME_SECONDS;
    const value = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(this.accessKey)
      .setExpirationTime(expiresAt)
      .setNotBefore(nowSeconds - BASE_NBF_SKEW_SECONDS - this.extraSkewSeconds)
      .sign(this.key);
    this.signings += 1;
    this.token = { value, expiresAt };
    return value;
  }
}

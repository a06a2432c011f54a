import type { AuthConfig } from '../client/config.js';
import { KlingError } from '../errors/kling-error.js';
import type { Platform } from '../platform/platform.js';
import { JwtSigner } from './jwt-signer.js';

/** Which family of endpoints a request goes to; AK/SK JWTs are refused on the new standard. */
export type EndpointFamily = 'new' | 'legacy' | 'account';

/** Produces the `Authorization` header for each request and handles token renewal. */
export class Authorizer {
  private readonly signer: JwtSigner | undefined;

  constructor(
    private readonly auth: AuthConfig,
    platform: Pick<Platform, 'hmacSha256'>,
    now: () => number,
  ) {
    this.signer = auth.type === 'accessKey' ? new JwtSigner(auth.accessKey, auth.secretKey, platform, now) : undefined;
  }

  get usesJwt(): boolean {
    return this.signer !== undefined;
  }

  get signings(): number {
    return this.signer?.signings ?? 0;
  }

  header(family: EndpointFamily): string {
    switch (this.auth.type) {
      case 'apiKey':
        return `Bearer ${this.auth.apiKey}`;
      case 'gateway':
        return `Bearer ${this.auth.token}`;
      case 'accessKey':
        if (family === 'new') {
          throw new KlingError({
            kind: 'auth',
            code: 1002,
            message: 'Access key + secret key cannot be used on a new-standard endpoint',
            hint: 'Use an API key, or a model and product offered on the legacy standard.',
          });
        }
        return `Bearer ${this.signer!.get()}`;
    }
  }

  /**
   * Reacts to an auth error: true when a retry with a fresh token makes sense.
   * 1004 (expired) → re-sign; 1003 (not yet valid) → re-sign with a wider clock skew.
   */
  recover(code: number | undefined): boolean {
    if (!this.signer) return false;
    if (code === 1004) {
      this.signer.renew();
      return true;
    }
    if (code === 1003) {
      this.signer.widenSkew();
      return true;
    }
    return false;
  }
}

import { timingSafeEqual } from 'node:crypto';
import type { TokenConfig } from './config.js';
import { sha256 } from './token-secret.js';

export type AuthOutcome = { ok: true; token: TokenConfig; secret: string } | { ok: false; code: 1000 | 1001 | 1002; message: string };

/** Compares two digests of the same length in constant time. */
export type DigestEqual = (a: Buffer, b: Buffer) => boolean;

/**
 * Finds the token a request's `Authorization: Bearer <token>` belongs to. The presented token is
 * hashed and compared with every configured hash in constant time, without stopping at a match,
 * so neither the comparison nor the number of comparisons tells how close a guess was or which
 * token it matched.
 */
export class TokenAuthenticator {
  readonly #tokens: { token: TokenConfig; digest: Buffer }[];

  constructor(
    tokens: readonly TokenConfig[],
    private readonly equal: DigestEqual = timingSafeEqual,
  ) {
    this.#tokens = tokens.map((token) => ({ token, digest: Buffer.from(token.secretHash.slice('sha256:'.length), 'hex') }));
  }

  authenticate(authorization: string | undefined): AuthOutcome {
    if (authorization === undefined || authorization.trim() === '') {
      return { ok: false, code: 1001, message: 'Authorization header is empty: send Authorization: Bearer <gateway token>' };
    }
    const match = /^Bearer (\S+)$/.exec(authorization.trim());
    if (!match) return { ok: false, code: 1002, message: 'Authorization is invalid: expected Bearer <gateway token>' };
    const secret = match[1] as string;
    const presented = sha256(secret);
    let found: TokenConfig | undefined;
    for (const candidate of this.#tokens) {
      // Every configured token is compared, whether or not one matched already.
      if (this.equal(presented, candidate.digest) && found === undefined) found = candidate.token;
    }
    if (found === undefined) return { ok: false, code: 1000, message: 'authentication failed: this gateway token is not known' };
    return { ok: true, token: found, secret };
  }
}

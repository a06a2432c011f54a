import { decodeJwt, errors, jwtVerify } from 'jose';
import type { Account } from '../accounts/account.js';
import type { Accounts } from '../accounts/accounts.js';
import { KlingFailure } from '../http/kling-failure.js';

/** Which credentials an endpoint accepts (shared/kling-api.md §1). */
export type AuthMode =
  /** New-standard endpoints: API keys only; a JWT is refused with 1002. */
  | 'api-key'
  /** Legacy and `/account/*` endpoints: API keys or AK/SK JWTs. */
  | 'api-key-or-jwt';

export interface Caller {
  account: Account;
  method: 'api-key' | 'jwt';
}

export const JWT_ON_NEW_STANDARD =
  'Authorization is invalid: this endpoint accepts API keys only. Tokens signed with an access key and secret key ' +
  '(JWT) work on the legacy /v1/ endpoints and /account/* only: use an API key here, or the legacy endpoint.';

/** Resolves the Authorization header to an account, or throws Kling's 1000–1004. Never echoes the token. */
export async function authenticate(header: string | undefined, mode: AuthMode, accounts: Accounts, wallNow: number): Promise<Caller> {
  if (header === undefined || header.trim() === '') throw new KlingFailure(1001, 'Authorization is empty');
  const match = /^Bearer (\S+)$/.exec(header.trim());
  if (!match) throw new KlingFailure(1002, "Authorization is invalid: expected 'Bearer <token>'");
  const token = match[1] as string;

  if (!looksLikeJwt(token)) {
    const account = accounts.byApiKey(token);
    if (!account) throw new KlingFailure(1000, 'Authentication failed: the API key is not valid');
    return { account, method: 'api-key' };
  }
  if (mode === 'api-key') throw new KlingFailure(1002, JWT_ON_NEW_STANDARD);
  return { account: await verifyJwt(token, accounts, wallNow), method: 'jwt' };
}

function looksLikeJwt(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0] as string, 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && 'alg' in header;
  } catch {
    return false;
  }
}

async function verifyJwt(token: string, accounts: Accounts, wallNow: number): Promise<Account> {
  let issuer: string | undefined;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    throw new KlingFailure(1002, 'Authorization is invalid: the token cannot be decoded');
  }
  if (issuer === undefined) throw new KlingFailure(1002, 'Authorization is invalid: the token has no iss (the access key)');
  const found = accounts.byAccessKey(issuer);
  if (!found) throw new KlingFailure(1000, 'Authentication failed: the access key is not valid');
  try {
    await jwtVerify(token, new TextEncoder().encode(found.secretKey), {
      algorithms: ['HS256'],
      currentDate: new Date(wallNow),
      requiredClaims: ['exp'],
    });
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new KlingFailure(1004, 'Authorization has expired: the token is past its exp');
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') {
      throw new KlingFailure(1003, "Authorization is not yet valid: the token's nbf is in the future (check this machine's clock)");
    }
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'exp') {
      throw new KlingFailure(1002, 'Authorization is invalid: the token has no exp');
    }
    throw new KlingFailure(1002, 'Authorization is invalid: the token signature or algorithm is not accepted');
  }
  return found.account;
}

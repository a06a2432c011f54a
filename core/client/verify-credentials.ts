import { KlingError } from '../errors/kling-error.js';
import type { AuthConfig } from './config.js';
import { isNotFound } from './task-reader.js';

export type CredentialCheck = { ok: true } | { ok: false; error: KlingError };

/** What a credential check needs from the client. */
export interface CredentialProbe {
  auth: AuthConfig;
  request: (
    method: 'GET',
    path: string,
    body?: undefined,
    options?: { query?: Record<string, string>; signal?: AbortSignal },
  ) => Promise<unknown>;
  account: (options: { signal?: AbortSignal }) => Promise<unknown>;
}

/**
 * Proves credentials with one free read, nothing created: an API key (or a new-standard gateway)
 * with `GET /tasks?task_ids=0`; an access key on `/account/costs`, the one free read a JWT is
 * accepted on; a legacy gateway with a read of an unknown task, where "not found" proves the token.
 */
export async function verifyCredentials(probe: CredentialProbe, signal?: AbortSignal): Promise<CredentialCheck> {
  const { auth } = probe;
  try {
    if (auth.type === 'accessKey') await probe.account({ signal });
    else if (auth.type === 'apiKey' || auth.standard === 'new')
      await probe.request('GET', '/tasks', undefined, { query: { task_ids: '0' }, signal });
    else await probe.request('GET', '/v1/videos/text2video/0', undefined, { signal });
    return { ok: true };
  } catch (error) {
    const refusal = error instanceof KlingError ? error : new KlingError({ kind: 'server', message: String(error) });
    // A gateway that answers "no such task" (or any non-auth refusal) has accepted the token.
    if (
      auth.type === 'gateway' &&
      auth.standard !== 'new' &&
      (isNotFound(refusal) || !['auth', 'network', 'unavailable', 'timeout', 'server'].includes(refusal.kind))
    ) {
      return { ok: true };
    }
    return { ok: false, error: refusal };
  }
}

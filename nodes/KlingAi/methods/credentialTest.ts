import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { KlingClient, KlingError } from '../../../core/index.js';
import type { KlingAiApiCredentials } from '../../../credentials/KlingAiApi.credentials.js';
import { clientConfigFrom, legacyRequestSender, N8nPlatform } from '../transport/index.js';

/**
 * Proves the credential with the core's free check, then reports the remaining units where the
 * account endpoint is served.
 */
export async function klingAiApiTest(
  this: ICredentialTestFunctions,
  credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
  const data = (credential.data ?? {}) as unknown as KlingAiApiCredentials;
  let client: KlingClient;
  try {
    client = new KlingClient({
      ...clientConfigFrom(data),
      // A credential test gets only n8n's legacy request helper (with n8n's proxy and SSRF settings).
      platform: new N8nPlatform().use(legacyRequestSender(this.helpers)),
      requestTimeoutMs: 15_000,
      retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 1 },
    });
  } catch (error) {
    return { status: 'Error', message: `The credential is incomplete: ${describe(error)}` };
  }
  try {
    return await check(client);
  } finally {
    await client.close();
  }
}

async function check(client: KlingClient): Promise<INodeCredentialTestResult> {
  const verified = await client.verifyCredentials();
  if (!verified.ok) return { status: 'Error', message: explain(verified.error, client.baseUrl) };
  try {
    const account = await client.account();
    return { status: 'OK', message: `Connection successful: ${account.remainingVideoUnits} video units remaining` };
  } catch {
    // Some gateways do not serve the account endpoint; the credential works all the same.
    return { status: 'OK', message: 'Connection successful' };
  }
}

function explain(error: unknown, baseUrl: string): string {
  if (!(error instanceof KlingError)) return describe(error);
  if (error.kind === 'network' || error.kind === 'unavailable' || error.kind === 'timeout') {
    return `Could not reach ${baseUrl}: ${error.message}. Check the region or the base URL.`;
  }
  return [error.message, error.hint, error.requestId ? `(Kling request id: ${error.requestId})` : undefined].filter(Boolean).join(' ');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { KlingClient, KlingError } from '../../../core/index.js';
import type { KlingAiApiCredentials } from '../../../credentials/KlingAiApi.credentials.js';
import { clientConfigFrom } from '../transport/client-config.js';

/**
 * Proves the credential by reading the account's resource packs (API key and access key +
 * secret key both work there). A gateway that does not serve the account endpoint is then
 * checked with a read of an unknown task: any answer but an auth error proves the token.
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
      requestTimeoutMs: 15_000,
      retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 1 },
    });
  } catch (error) {
    return { status: 'Error', message: `The credential is incomplete: ${describe(error)}` };
  }
  try {
    return await check(client, data.authentication === 'gateway');
  } finally {
    await client.close();
  }
}

async function check(client: KlingClient, gateway: boolean): Promise<INodeCredentialTestResult> {
  try {
    const account = await client.account();
    return { status: 'OK', message: `Connection successful: ${account.remainingVideoUnits} video units remaining` };
  } catch (error) {
    if (!gateway || !(error instanceof KlingError) || !endpointMissing(error)) return { status: 'Error', message: explain(error, client.baseUrl) };
  }
  try {
    await client.request('GET', '/v1/videos/text2video/0');
    return { status: 'OK', message: 'Connection successful' };
  } catch (error) {
    if (error instanceof KlingError && !['auth', 'network', 'unavailable', 'timeout'].includes(error.kind)) {
      return { status: 'OK', message: 'Connection successful (the gateway does not serve the account endpoint)' };
    }
    return { status: 'Error', message: explain(error, client.baseUrl) };
  }
}

function endpointMissing(error: KlingError): boolean {
  return error.code === 1202 || error.code === 1203 || error.httpStatus === 404;
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

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
    return { status: 'Error', message: incomplete(error) };
  }
  try {
    return await check(client, data);
  } finally {
    await client.close();
  }
}

async function check(client: KlingClient, data: KlingAiApiCredentials): Promise<INodeCredentialTestResult> {
  const verified = await client.verifyCredentials();
  if (!verified.ok) return { status: 'Error', message: explain(verified.error, client.baseUrl, data.authentication) };
  try {
    const account = await client.account();
    return { status: 'OK', message: `Connection successful: ${account.remainingVideoUnits} video units remaining` };
  } catch {
    // Some gateways do not serve the account endpoint; the credential works all the same.
    return { status: 'OK', message: 'Connection successful' };
  }
}

/** The credential's fields by the names the core's configuration gives them. */
const CONFIG_LABELS: Record<string, string> = {
  baseUrl: 'Base URL',
  'auth.apiKey': 'API Key',
  'auth.accessKey': 'Access Key',
  'auth.secretKey': 'Secret Key',
  'auth.token': 'Gateway Token',
  concurrency: 'Concurrency',
  webhookSecrets: 'Webhook Secret',
  'webhookSecrets.0': 'Webhook Secret',
};

const AUTH_FIELDS: Record<KlingAiApiCredentials['authentication'], string> = {
  apiKey: 'the API Key',
  accessKey: 'the Access Key and Secret Key',
  gateway: 'the Gateway Token',
};

/** A configuration the core refuses, in the credential's own field names. */
function incomplete(error: unknown): string {
  if (!(error instanceof KlingError) || error.field === undefined) return `Check this credential: ${sentence(describe(error))}`;
  const label = CONFIG_LABELS[error.field] ?? error.field;
  return `Check the ${label} of this credential: ${fullStop(error.message.replace(/^config [^:]+: /, ''))}`;
}

/** Kling's refusal as one clean sentence or two: what Kling said, what to do, and the references. */
function explain(error: unknown, baseUrl: string, authentication: KlingAiApiCredentials['authentication']): string {
  if (!(error instanceof KlingError)) return sentence(describe(error));
  if (error.kind === 'network' || error.kind === 'unavailable' || error.kind === 'timeout') {
    return `Could not reach ${baseUrl}: ${sentence(error.message)} Check the Region or the Base URL.`;
  }
  // The core writes "Kling <code> (<meaning>): <Kling's message>"; Kling's message says it already.
  const said = error.code === undefined ? error.message : error.message.replace(/^Kling \d+(?: \([^)]*\))?: /, '');
  const hint = error.kind === 'auth' ? `Check ${AUTH_FIELDS[authentication] ?? 'the key'} in this credential.` : error.hint;
  const refs = [
    error.code === undefined ? undefined : `Kling code ${error.code}`,
    error.requestId ? `request id ${error.requestId}` : undefined,
  ].filter(Boolean);
  return [sentence(said), hint ? sentence(hint) : undefined, refs.length > 0 ? `(${refs.join(', ')})` : undefined]
    .filter(Boolean)
    .join(' ');
}

/** A message as a sentence: a capital first letter and a full stop. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return fullStop(trimmed.charAt(0).toUpperCase() + trimmed.slice(1));
}

function fullStop(text: string): string {
  const trimmed = text.trim();
  return /[.!?)]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

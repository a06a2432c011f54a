import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { sharedClient, type KlingClient } from '../../../core/index.js';
import type { KlingAiApiCredentials } from '../../../credentials/KlingAiApi.credentials.js';
import { clientConfigFrom } from './client-config.js';

export { clientConfigFrom } from './client-config.js';

export const CREDENTIAL_NAME = 'klingAiApi';

/** The node's Kling AI API credential. */
export function credentialsOf(context: IExecuteFunctions | IWebhookFunctions): Promise<KlingAiApiCredentials> {
  return context.getCredentials<KlingAiApiCredentials & Record<string, unknown>>(CREDENTIAL_NAME);
}

/**
 * The core client for a credential. One client per distinct credential in this n8n process, so
 * every execution shares its concurrency slots, its task tracker and its token.
 */
export function clientFor(credentials: KlingAiApiCredentials): KlingClient {
  return sharedClient(clientConfigFrom(credentials));
}

/** The core client for the node's credential. */
export async function klingClient(context: IExecuteFunctions | IWebhookFunctions): Promise<KlingClient> {
  return clientFor(await credentialsOf(context));
}

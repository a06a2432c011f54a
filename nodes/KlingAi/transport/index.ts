import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { type KlingClient, sharedClient } from '../../../core/index.js';
import type { KlingAiApiCredentials } from '../../../credentials/KlingAiApi.credentials.js';
import { clientConfigFrom } from './client-config.js';
import { httpRequestSender, n8nPlatform } from './n8n-platform.js';

export { clientConfigFrom } from './client-config.js';
export { legacyRequestSender, N8nPlatform } from './n8n-platform.js';

export const CREDENTIAL_NAME = 'klingAiApi';

type Context = IExecuteFunctions | IWebhookFunctions;

/** The node's Kling AI API credential. */
export function credentialsOf(context: Context): Promise<KlingAiApiCredentials> {
  return context.getCredentials<KlingAiApiCredentials & Record<string, unknown>>(CREDENTIAL_NAME);
}

/**
 * The core client for a credential. One client per credential in this n8n process, so every
 * execution shares its concurrency slots, its task tracker and its token; requests go through
 * n8n's request helpers of the execution that asked last (see `n8n-platform.ts`).
 */
export function clientFor(context: Context, credentials: KlingAiApiCredentials): KlingClient {
  n8nPlatform.use(httpRequestSender(context.helpers));
  const id = context.getNode().credentials?.[CREDENTIAL_NAME]?.id ?? undefined;
  return sharedClient({ ...clientConfigFrom(credentials), platform: n8nPlatform }, { ...(id && { id }) });
}

/** The core client for the node's credential. */
export async function klingClient(context: Context): Promise<KlingClient> {
  return clientFor(context, await credentialsOf(context));
}

import type { ClientConfigInput } from '../../../core/index.js';
import type { KlingAiApiCredentials } from '../../../credentials/KlingAiApi.credentials.js';

/** The core client's configuration for a Kling AI API credential. */
export function clientConfigFrom(credentials: KlingAiApiCredentials): ClientConfigInput {
  const custom = credentials.region === 'custom';
  const webhookSecret = credentials.webhookSecret?.trim();
  return {
    auth: authOf(credentials),
    region: credentials.region === 'china' ? 'china' : 'global',
    baseUrl: custom ? credentials.baseUrl?.trim() : undefined,
    concurrency: credentials.concurrency ?? 5,
    webhookSecrets: webhookSecret ? [webhookSecret] : [],
    // No poll scale: against a sandbox, the client follows the clock its replies announce.
    poll: { minIntervalMs: 1_000, maxIntervalMs: 30_000 },
  };
}

function authOf(credentials: KlingAiApiCredentials): ClientConfigInput['auth'] {
  switch (credentials.authentication) {
    case 'accessKey':
      return { type: 'accessKey', accessKey: credentials.accessKey ?? '', secretKey: credentials.secretKey ?? '' };
    case 'gateway':
      return { type: 'gateway', token: credentials.gatewayToken ?? '', standard: credentials.gatewayStandard ?? 'legacy' };
    default:
      return { type: 'apiKey', apiKey: credentials.apiKey ?? '' };
  }
}

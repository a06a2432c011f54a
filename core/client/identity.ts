import type { Platform } from '../platform/platform.js';
import type { AuthConfig, ClientConfig } from './config.js';

/** Every secret in a configuration: redacted wherever text leaves the client. */
export function secretsOf(config: Pick<ClientConfig, 'auth' | 'webhookSecrets'>): string[] {
  return [...credentialValues(config.auth), ...config.webhookSecrets];
}

/**
 * A short, stable key for the Kling account behind a base URL and credentials: slot pools, the
 * budget and shared state are per account. A hash, so it can be logged and used in store keys.
 */
export function accountKeyOf(baseUrl: string, auth: AuthConfig, platform: Pick<Platform, 'sha256Hex'>): string {
  return platform.sha256Hex([baseUrl, ...credentialValues(auth)].join('\n')).slice(0, 12);
}

function credentialValues(auth: AuthConfig): string[] {
  switch (auth.type) {
    case 'apiKey':
      return [auth.apiKey];
    case 'gateway':
      return [auth.token];
    case 'accessKey':
      return [auth.secretKey, auth.accessKey];
  }
}

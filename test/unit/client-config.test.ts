import { describe, expect, it } from 'vitest';
import type { KlingError } from '../../core/index.js';
import { KlingClient } from '../../core/index.js';

describe('client configuration', () => {
  it('resolves the regions and keeps a custom base URL with its path prefix', () => {
    const auth = { type: 'apiKey', apiKey: 'k-123456' } as const;
    expect(new KlingClient({ auth }).baseUrl).toBe('https://api-singapore.klingai.com');
    expect(new KlingClient({ auth, region: 'china' }).baseUrl).toBe('https://api-beijing.klingai.com');
    expect(new KlingClient({ auth, baseUrl: 'https://gw.example.com/klingai/' }).baseUrl).toBe('https://gw.example.com/klingai');
  });

  it('names the setting that is wrong and never echoes a value', () => {
    const attempt = (config: unknown): KlingError => {
      try {
        new KlingClient(config as never);
      } catch (error) {
        return error as KlingError;
      }
      throw new Error('expected a configuration error');
    };
    expect(attempt({ auth: { type: 'apiKey', apiKey: '' } }).message).toBe('config auth.apiKey: the API key is empty');
    expect(attempt({ auth: { type: 'accessKey', accessKey: 'ak-1' } }).field).toBe('auth.secretKey');
    const secret = attempt({ auth: { type: 'apiKey', apiKey: 'k-1' }, webhookSecrets: ['plain-secret-value'] });
    expect(secret.message).toBe('config webhookSecrets.0: must look like whsec_<base64>');
    expect(secret.message).not.toContain('plain-secret-value');
    expect(attempt({ auth: { type: 'apiKey', apiKey: 'k-1' }, baseUrl: 'ftp://x' }).message).toBe('config baseUrl: must be an http(s) URL');
  });
});

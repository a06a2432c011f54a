import { describe, expect, it } from 'vitest';
import { KlingError } from '../../core/index.js';
import { gatewayConfig } from '../../gateway/config.js';
import { TokenAuthenticator } from '../../gateway/token-auth.js';
import { hashTokenSecret, newTokenSecret, newWebhookSecret } from '../../gateway/token-secret.js';

const entry = () => ({ name: 'ci', secretHash: hashTokenSecret(newTokenSecret()), webhookSecret: newWebhookSecret() });

function refusal(run: () => unknown): KlingError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(KlingError);
    return error as KlingError;
  }
  throw new Error('expected a refusal');
}

describe('gateway configuration', () => {
  it('takes the file, with the environment winning key by key, and fills in the defaults', () => {
    const config = gatewayConfig({
      file: {
        port: 9000,
        upstream: { apiKey: 'from-file', concurrency: 3 },
        tokens: [entry()],
        storage: { type: 'folder', path: 'videos' },
      },
      env: {
        KLING_API_KEY: 'from-env',
        KLING_GATEWAY_PORT: '9100',
        KLING_GATEWAY_PUBLIC_URL: 'https://gw.example/',
        KLING_REDIS_URL: 'redis://127.0.0.1:6379',
      },
      cwd: '/srv/gateway',
    });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 9100,
      publicUrl: 'https://gw.example',
      dataDir: '/srv/gateway/kling-gateway',
      upstream: { apiKey: 'from-env', concurrency: 3 },
      redisUrl: 'redis://127.0.0.1:6379',
      storage: { type: 'folder', path: '/srv/gateway/videos' },
      slotWaitMs: 30_000,
      serveStoredUrls: true,
    });
    expect(config.tokens.map((token) => token.name)).toEqual(['ci']);
  });

  it('reads tokens and S3 storage from the environment', () => {
    const config = gatewayConfig({
      env: {
        KLING_GATEWAY_TOKENS: JSON.stringify([
          entry(),
          { ...entry(), name: 'n8n', budget: { units: 100, per: 'month' }, models: ['kling-2.6'] },
        ]),
        KLING_GATEWAY_STORAGE: 's3://team-videos/kling',
        KLING_GATEWAY_S3_ENDPOINT: 'http://127.0.0.1:9000',
      },
      cwd: '/srv',
    });
    expect(config.tokens[1]).toMatchObject({ name: 'n8n', budget: { units: 100, per: 'month' }, models: ['kling-2.6'] });
    expect(config.storage).toMatchObject({
      type: 's3',
      bucket: 'team-videos',
      prefix: 'kling',
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
    });
  });

  it('names the key or variable at fault, and never echoes a value', () => {
    const secret = newTokenSecret();
    const hash = refusal(() =>
      gatewayConfig({ file: { tokens: [{ ...entry(), secretHash: secret }] }, source: 'gw.json', env: {}, cwd: '/' }),
    );
    expect(hash.message).toBe('gw.json: tokens.0.secretHash: must be sha256:<64 hex digits> (kling serve --new-token <name> prints one)');
    expect(hash.message).not.toContain(secret);
    const model = refusal(() => gatewayConfig({ file: { tokens: [{ ...entry(), models: ['kling-9'] }] }, env: {}, cwd: '/' }));
    expect(model.message).toMatch(/tokens\.0\.models\.0: is not a model id \(allowed: kling-3\.0-turbo, /);
    const unknownKey = refusal(() => gatewayConfig({ file: { tokens: [], listen: 80 }, source: 'gw.json', env: {}, cwd: '/' }));
    expect(unknownKey.message).toBe('gw.json: the file: unknown key listen');
    const twice = refusal(() => gatewayConfig({ file: { tokens: [entry(), entry()] }, env: {}, cwd: '/' }));
    expect(twice.message).toBe("tokens two tokens are named 'ci'");
    const badJson = refusal(() => gatewayConfig({ env: { KLING_GATEWAY_TOKENS: '[{"name":' }, cwd: '/' }));
    expect(badJson.message).toBe('KLING_GATEWAY_TOKENS is not valid JSON (expected an array of tokens)');
    const badEnv = refusal(() =>
      gatewayConfig({ env: { KLING_GATEWAY_TOKENS: JSON.stringify([{ ...entry(), webhookSecret: 'plain' }]) }, cwd: '/' }),
    );
    expect(badEnv.message).toBe(
      'KLING_GATEWAY_TOKENS 0.webhookSecret must look like whsec_<base64> (kling serve --new-token <name> prints one)',
    );
    const callback = refusal(() => gatewayConfig({ env: { KLING_CALLBACK_URL: 'https://elsewhere.example/hook' }, cwd: '/' }));
    expect(callback.message).toMatch(/^upstream\.callbackUrl is set by the gateway itself/);
  });

  it('makes tokens the authenticator accepts from their hash alone', () => {
    const secret = newTokenSecret();
    expect(secret).toMatch(/^kgw_[A-Za-z0-9_-]{43}$/);
    const auth = new TokenAuthenticator([{ ...entry(), name: 'mine', secretHash: hashTokenSecret(secret) }]);
    expect(auth.authenticate(`Bearer ${secret}`)).toMatchObject({ ok: true, token: { name: 'mine' } });
    expect(auth.authenticate(`Bearer ${secret.slice(0, -1)}`)).toMatchObject({ ok: false, code: 1000 });
    expect(newWebhookSecret()).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  });
});

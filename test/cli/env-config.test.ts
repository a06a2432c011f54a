import { describe, expect, it } from 'vitest';
import {
  clientConfigFromSettings,
  clientOptionsFromSettings,
  credentialsOf,
  mergeSettings,
  settingsFromEnv,
  settingsFromJson,
} from '../../core/client/env-config.js';
import { KlingClient, KlingError } from '../../core/index.js';

describe('shared settings: environment variables and config-file keys', () => {
  it('reads every shared variable into settings, and settings into a client configuration the core accepts', () => {
    const settings = settingsFromEnv({
      KLING_API_KEY: ' key-1 ',
      KLING_REGION: 'China',
      KLING_BASE_URL: 'https://gw.example/klingai',
      KLING_WEBHOOK_SECRET: 'whsec_YWJj, whsec_ZGVm',
      KLING_CONCURRENCY: 'kling-3.0=3, kling-2.6=7',
      KLING_CALLBACK_URL: 'https://hooks.example/kling',
      KLING_MAX_UNITS_PER_TASK: '12.5',
      KLING_MAX_UNITS_PER_DAY: '400',
      KLING_POLL_SCALE: '0.5',
      UNRELATED: 'x',
    });
    expect(settings).toEqual({
      apiKey: 'key-1',
      region: 'china',
      baseUrl: 'https://gw.example/klingai',
      webhookSecrets: ['whsec_YWJj', 'whsec_ZGVm'],
      concurrency: { 'kling-3.0': 3, 'kling-2.6': 7 },
      callbackUrl: 'https://hooks.example/kling',
      budget: { maxUnitsPerTask: 12.5, maxUnitsPerDay: 400 },
      pollScale: 0.5,
    });
    const { client, missing } = clientConfigFromSettings(settings);
    expect(missing).toBeUndefined();
    const kling = new KlingClient(client!);
    expect(kling.baseUrl).toBe('https://gw.example/klingai');
    expect(kling.config).toMatchObject({
      region: 'china',
      concurrency: { 'kling-3.0': 3 },
      poll: { scale: 0.5 },
      budget: { maxUnitsPerTask: 12.5 },
    });
    void kling.close();
  });

  it('empty variables count as unset', () => {
    expect(settingsFromEnv({ KLING_API_KEY: '', KLING_CONCURRENCY: '  ' })).toEqual({});
  });

  it('refuses malformed values, naming the variable', () => {
    const cases: [Record<string, string>, string][] = [
      [{ KLING_REGION: 'mars' }, 'KLING_REGION'],
      [{ KLING_CONCURRENCY: '0' }, 'KLING_CONCURRENCY'],
      [{ KLING_CONCURRENCY: 'kling-3.0:3' }, 'KLING_CONCURRENCY'],
      [{ KLING_MAX_UNITS_PER_TASK: '-1' }, 'KLING_MAX_UNITS_PER_TASK'],
      [{ KLING_POLL_SCALE: 'fast' }, 'KLING_POLL_SCALE'],
    ];
    for (const [env, name] of cases) {
      let caught: unknown;
      try {
        settingsFromEnv(env);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(KlingError);
      expect(caught).toMatchObject({ kind: 'invalid', field: name });
    }
  });

  it('says which credential is missing', () => {
    expect(credentialsOf({}).missing).toContain('KLING_API_KEY');
    expect(credentialsOf({ accessKey: 'a' }).missing).toMatch(/^KLING_SECRET_KEY is not set/);
    expect(credentialsOf({ secretKey: 's' }).missing).toMatch(/^KLING_ACCESS_KEY is not set/);
    expect(credentialsOf({ apiKey: 'k', accessKey: 'a' }).auth).toEqual({ type: 'apiKey', apiKey: 'k' });
    expect(credentialsOf({ accessKey: 'a', secretKey: 's' }).auth).toEqual({ type: 'accessKey', accessKey: 'a', secretKey: 's' });
  });

  it('environment wins over the file key by key; budgets merge field by field', () => {
    const file = settingsFromJson(
      { apiKey: 'file-key', region: 'china', budget: { maxUnitsPerTask: 5, maxUnitsPerDay: 100 }, webhookSecret: 'whsec_YWJj' },
      'config.json',
    );
    const merged = mergeSettings(file, settingsFromEnv({ KLING_API_KEY: 'env-key', KLING_MAX_UNITS_PER_DAY: '50' }));
    expect(merged).toMatchObject({ apiKey: 'env-key', region: 'china', budget: { maxUnitsPerTask: 5, maxUnitsPerDay: 50 } });
    expect(clientOptionsFromSettings(merged).webhookSecrets).toEqual(['whsec_YWJj']);
  });

  it('a config file with an unknown key or a wrong type is refused without quoting its values', () => {
    expect(() => settingsFromJson({ apiKey: 'secret-value', colour: 'blue' }, 'f.json')).toThrow(/f\.json: the file: unknown key colour/);
    let caught: unknown;
    try {
      settingsFromJson({ apiKey: 12345678 }, 'f.json');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ kind: 'invalid', field: 'apiKey' });
    expect(String((caught as Error).message)).not.toContain('12345678');
  });
});

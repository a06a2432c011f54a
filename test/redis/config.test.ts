import { describe, expect, it } from 'vitest';
import { clientOptionsFromSettings, settingsFromEnv, settingsFromJson } from '../../core/client/env-config.js';
import { KlingError } from '../../core/index.js';

describe('KLING_REDIS_URL and the redis setting', () => {
  it('builds the shared state from the environment or the config file', () => {
    const fromEnv = settingsFromEnv({ KLING_REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(fromEnv.redis).toBe('redis://127.0.0.1:6379');
    expect(typeof clientOptionsFromSettings(fromEnv).state).toBe('function');
    const fromFile = settingsFromJson({ redis: 'rediss://cache.internal:6380/2' }, 'config.json');
    expect(typeof clientOptionsFromSettings(fromFile).state).toBe('function');
    expect(clientOptionsFromSettings({}).state).toBeUndefined();
  });

  it('refuses a value that is not a Redis URL, naming the variable and never the value (it may hold a password)', () => {
    const attempt = () => settingsFromEnv({ KLING_REDIS_URL: 'http://:s3cret-canary@host:6379' });
    expect(attempt).toThrow(KlingError);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ kind: 'invalid', field: 'KLING_REDIS_URL' });
      expect(JSON.stringify((error as KlingError).toJSON())).not.toContain('s3cret-canary');
    }
    expect(() => clientOptionsFromSettings({ redis: 'localhost:6379' })).toThrow(/redis:\/\/host:6379/);
  });
});

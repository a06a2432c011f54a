import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KlingClient, KlingError, type ClientConfigInput } from '../../core/index.js';
import type { Sandbox } from '../../sandbox/index.js';
import { sandbox, TEXT_TO_VIDEO, LEGACY_TEXT_TO_VIDEO, TIME_SCALE } from './support.js';

const API_KEY = 'sk-live-api-key-do-not-leak-0001';
const ACCESS_KEY = 'ak-access-key-do-not-leak-0002';
const SECRET_KEY = 'secret-key-do-not-leak-0003';
const WEBHOOK_SECRET = 'whsec_ZG8tbm90LWxlYWstdGhpcy13ZWJob29rLXNlY3JldA==';
const SECRETS = [API_KEY, ACCESS_KEY, SECRET_KEY, WEBHOOK_SECRET, WEBHOOK_SECRET.slice(6)];

let box: Sandbox;
const lines: string[] = [];
const errors: unknown[] = [];

function client(config: Partial<ClientConfigInput> & Pick<ClientConfigInput, 'auth'>): KlingClient {
  const made = new KlingClient({
    baseUrl: box.url,
    poll: { scale: TIME_SCALE },
    retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
    webhookSecrets: [WEBHOOK_SECRET],
    logger: (level, message, fields) => lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`),
    ...config,
  });
  made.events.on('log', (event) => lines.push(JSON.stringify(event)));
  return made;
}

const apiKey = { type: 'apiKey', apiKey: API_KEY } as const;
const accessKey = { type: 'accessKey', accessKey: ACCESS_KEY, secretKey: SECRET_KEY } as const;

async function capture(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    errors.push(error);
  }
}

beforeAll(async () => {
  box = await sandbox({ apiKey: API_KEY, accessKey: ACCESS_KEY, secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET });
});
afterAll(async () => {
  await box.stop();
});

describe('secrets never leak', () => {
  it('keeps every key, token and webhook secret out of errors and log lines on every error path', async () => {
    const wrongKey = client({ auth: { type: 'apiKey', apiKey: `${API_KEY}-wrong` } });
    await capture(() => wrongKey.create(TEXT_TO_VIDEO));
    const wrongSecret = client({ auth: { ...accessKey, secretKey: `${SECRET_KEY}-wrong` } });
    await capture(() => wrongSecret.create(LEGACY_TEXT_TO_VIDEO));
    const jwt = client({ auth: accessKey });
    await capture(() => jwt.request('GET', '/tasks', undefined, { query: { task_ids: '1' } }));
    await capture(() => jwt.create(TEXT_TO_VIDEO));
    box.setClockSkew(-600_000);
    await capture(() => jwt.account());
    box.setClockSkew(0);
    const good = client({ auth: apiKey, budget: { maxUnitsPerTask: 1 } });
    await capture(() => good.create(TEXT_TO_VIDEO));
    await capture(() => good.create({ ...TEXT_TO_VIDEO, duration: 99 }));
    await capture(() => good.getTask('123456789012345678'));
    const timeouts = client({ auth: apiKey, requestTimeoutMs: 20 });
    box.setFaults({ latencyMs: 200 });
    await capture(() => timeouts.create(TEXT_TO_VIDEO));
    await capture(() => timeouts.getTask('123456789012345678'));
    box.setFaults({ internalError: 1 });
    await capture(() => timeouts.getTask('123456789012345678'));
    box.setFaults({ dropConnection: 1 });
    await capture(() => good.request('GET', '/account/costs'));
    box.setFaults({});
    const nowhere = new KlingClient({ auth: apiKey, baseUrl: 'http://127.0.0.1:9', retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    await capture(() => nowhere.create(TEXT_TO_VIDEO));
    await capture(async () => {
      throw Object.assign(new Error('callback'), {
        outcome: good.ingestCallback('{"id":"1","status":"succeeded"}', {
          'webhook-id': 'x',
          'webhook-timestamp': '1',
          'webhook-signature': 'v1,abc',
        }),
      });
    });
    await capture(async () => new KlingClient({ auth: { type: 'apiKey', apiKey: '' }, webhookSecrets: ['not-a-secret'] }));

    expect(errors.length).toBeGreaterThanOrEqual(13);
    const texts = errors.map((error) =>
      error instanceof KlingError
        ? JSON.stringify({ ...error.toJSON(), stack: error.stack, cause: String(error.cause ?? '') })
        : JSON.stringify({ message: (error as Error).message, outcome: (error as { outcome?: unknown }).outcome }),
    );
    const kinds = new Set(errors.map((error) => (error instanceof KlingError ? error.kind : 'other')));
    for (const kind of ['auth', 'budget', 'invalid', 'timeout', 'network']) expect(kinds).toContain(kind);
    for (const text of [...texts, ...lines]) {
      for (const secret of SECRETS) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./);
    }
    for (const made of [wrongKey, wrongSecret, jwt, good, timeouts, nowhere]) await made.close();
  });
});

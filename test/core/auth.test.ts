import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KlingError, parseTaskRef, type KlingClient } from '../../core/index.js';
import type { Sandbox } from '../../sandbox/index.js';
import { accessKeyClient, apiKeyClient, LEGACY_TEXT_TO_VIDEO, requestsTo, sandbox, TEXT_TO_VIDEO } from './support.js';

let box: Sandbox;
const listLegacy = (client: KlingClient): Promise<unknown> =>
  client.request('GET', '/v1/videos/text2video', undefined, { query: { pageNum: 1, pageSize: 5 } });

beforeAll(async () => {
  box = await sandbox();
});
afterAll(async () => {
  await box.stop();
});

describe('API key', () => {
  it('creates on the new standard and follows the task to its video', async () => {
    const client = apiKeyClient(box);
    const { created, result } = await client.generate(TEXT_TO_VIDEO, { timeoutMs: 20_000 });
    expect(created.standard).toBe('new');
    expect(parseTaskRef(created.handle)).toMatchObject({ kind: 'handle', standard: 'new', product: 'text-to-video', id: created.task.id });
    expect(result.done).toBe(true);
    if (!result.done) return;
    expect(result.task.status).toBe('succeeded');
    expect(result.task.videos[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(result.task.costUnits).toBe(2.4);
    await client.close();
  });

  it('creates on the legacy standard when asked, and reads the task through /tasks', async () => {
    const client = apiKeyClient(box, { standard: 'legacy' });
    const legacyReads = (): number => requestsTo(box, /^GET \/v1\/videos\/\{product\}\/\{id\}$/);
    const before = legacyReads();
    const { created, result } = await client.generate(LEGACY_TEXT_TO_VIDEO, { timeoutMs: 20_000 });
    expect(created.standard).toBe('legacy');
    expect(result.done && result.task.status).toBe('succeeded');
    // With an API key every read goes through /tasks, whichever standard created the task.
    expect(legacyReads()).toBe(before);
    const again = await client.getTask(created.handle);
    expect(again.handle).toBe(created.handle);
    expect(again.status).toBe('succeeded');
    await client.close();
  });
});

describe('access key + secret key', () => {
  it('creates and reads on the legacy standard with a cached JWT', async () => {
    const client = accessKeyClient(box);
    const { created, result } = await client.generate(LEGACY_TEXT_TO_VIDEO, { timeoutMs: 20_000 });
    expect(created.standard).toBe('legacy');
    expect(result.done && result.task.status).toBe('succeeded');
    expect(result.done && result.task.costUnits).toBe(1.5);
    expect(client.tokenSignings).toBe(1);
    await client.close();
  });

  it('refuses a new-standard-only model before sending anything', async () => {
    const client = accessKeyClient(box);
    const before = box.stats().requests.total;
    await expect(client.create(TEXT_TO_VIDEO)).rejects.toThrow(
      'model: kling-3.0-turbo text-to-video cannot be sent on the legacy standard (access key + secret key only work on the legacy standard; use an API key for this model)',
    );
    expect(box.stats().requests.total).toBe(before);
    await client.close();
  });

  it('is refused by a new-standard endpoint with 1002 when used there through the pass-through', async () => {
    const client = accessKeyClient(box);
    const error = await client.request('GET', '/tasks', undefined, { query: { task_ids: '1' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KlingError);
    expect((error as KlingError).code).toBe(1002);
    expect((error as KlingError).hint).toMatch(/API key/);
    await client.close();
  });

  it('re-signs once on 1004 (token expired by the server clock) and goes on', async () => {
    let shift = 0;
    const client = accessKeyClient(box, { now: () => Date.now() + shift });
    await client.account();
    expect(client.tokenSignings).toBe(1);
    // This machine thinks the token has 400 s left; the server's clock says it expired.
    shift = 1_400_000;
    box.setClockSkew(1_850_000);
    try {
      await expect(listLegacy(client)).resolves.toBeDefined();
      expect(client.tokenSignings).toBe(2);
    } finally {
      box.setClockSkew(0);
      await client.close();
    }
  });

  it('re-signs with a wider skew on 1003 (server clock behind), then fails with a clock hint when far off', async () => {
    const client = accessKeyClient(box);
    box.setClockSkew(-30_000);
    try {
      await listLegacy(client);
      expect(client.tokenSignings).toBe(2);
      box.setClockSkew(-600_000);
      const error = await listLegacy(client).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KlingError);
      expect((error as KlingError).code).toBe(1003);
      expect((error as KlingError).hint).toMatch(/clock/);
    } finally {
      box.setClockSkew(0);
      await client.close();
    }
  });

  it('shares one signing between many concurrent requests', async () => {
    const client = accessKeyClient(box);
    await Promise.all(Array.from({ length: 10 }, () => listLegacy(client)));
    expect(client.tokenSignings).toBe(1);
    await client.close();
  });
});

describe('bad credentials', () => {
  it('fails with an auth error that explains the credentials and does not echo the key', async () => {
    const client = apiKeyClient(box, {}, 'not-a-real-key-123456');
    const error = await client.create(TEXT_TO_VIDEO).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KlingError);
    expect((error as KlingError).kind).toBe('auth');
    expect(JSON.stringify((error as KlingError).toJSON())).not.toContain('not-a-real-key-123456');
    await client.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KlingClient, KlingError } from '../../core/index.js';
import type { Sandbox } from '../../sandbox/index.js';
import { accessKeyClient, apiKeyClient, LEGACY_TEXT_TO_VIDEO, requestsTo, sandbox, TEXT_TO_VIDEO, TIME_SCALE } from './support.js';

let box: Sandbox;
beforeAll(async () => {
  box = await sandbox();
  box.setAccount('gateway', { apiKeys: ['gateway-static-token-0001'] });
});
afterAll(async () => {
  await box.stop();
});

describe('gateway base URL with a path prefix', () => {
  it('creates and reads on the legacy paths under /klingai with the static bearer token', async () => {
    const client = new KlingClient({
      auth: { type: 'gateway', token: 'gateway-static-token-0001' },
      baseUrl: `${box.url}/klingai`,
      poll: { scale: TIME_SCALE },
    });
    const { created, result } = await client.generate(LEGACY_TEXT_TO_VIDEO, { timeoutMs: 20_000 });
    expect(created.standard).toBe('legacy');
    expect(result.done && result.task.status).toBe('succeeded');
    expect(box.tasks('gateway')).toHaveLength(1);
    const byGatewayId = await client.getTask(`kling-t2v-${created.task.id}`);
    expect(byGatewayId.status).toBe('succeeded');
    expect(byGatewayId.product).toBe('text-to-video');
    await client.close();
  });
});

describe('credential check', () => {
  it('proves each kind of credential with one free read and refuses a wrong one', async () => {
    const gateway = (token: string) => new KlingClient({ auth: { type: 'gateway', token }, baseUrl: `${box.url}/klingai` });
    const clients = [apiKeyClient(box), accessKeyClient(box), gateway('gateway-static-token-0001')];
    const before = box.stats().creates.accepted;
    for (const client of clients) expect(await client.verifyCredentials()).toEqual({ ok: true });
    for (const client of [
      apiKeyClient(box, {}, 'wrong-key-0001'),
      accessKeyClient(box, {}, { accessKey: 'wrong-ak', secretKey: 'x-secret' }),
      gateway('wrong-token-0001'),
    ]) {
      const result = await client.verifyCredentials();
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.kind).toBe('auth');
      clients.push(client);
    }
    expect(box.stats().creates.accepted).toBe(before);
    for (const client of clients) await client.close();
  });
});

describe('task references', () => {
  it('reads a task from its handle, its raw id and its external id with an API key', async () => {
    const client = apiKeyClient(box);
    const { created, result } = await client.generate({ ...TEXT_TO_VIDEO, externalTaskId: 'routing-ext-1' }, { timeoutMs: 20_000 });
    expect(result.done).toBe(true);
    const fromHandle = await client.getTask(created.handle);
    const fromRaw = await client.getTask(created.task.id);
    const fromExternal = await client.getTaskByExternalId('routing-ext-1');
    for (const task of [fromHandle, fromRaw, fromExternal]) {
      expect(task.id).toBe(created.task.id);
      expect(task.status).toBe('succeeded');
      expect(task.externalTaskId).toBe('routing-ext-1');
    }
    await client.close();
  });

  it('finds a raw id with AK/SK by probing the legacy products once, then remembers the route', async () => {
    const creator = accessKeyClient(box);
    const { created } = await creator.generate(
      { ...LEGACY_TEXT_TO_VIDEO, model: 'kling-2.5-turbo', firstFrame: 'https://example.com/frame.png' },
      { timeoutMs: 20_000 },
    );
    expect(created.task.product).toBe('image-to-video');
    const reader = accessKeyClient(box);
    const legacyReads = (): number => requestsTo(box, /^GET \/v1\/videos\/\{product\}\/\{id\}$/);
    const before = legacyReads();
    const first = await reader.getTask(created.task.id);
    expect(first.product).toBe('image-to-video');
    expect(first.status).toBe('succeeded');
    // text2video (not found), then image2video.
    expect(legacyReads()).toBe(before + 2);
    await reader.getTask(created.task.id);
    // Remembered: straight to image2video.
    expect(legacyReads()).toBe(before + 3);
    await creator.close();
    await reader.close();
  });

  it('takes a product hint for a raw id the way gateways pass kling_task_type, without probing', async () => {
    const creator = accessKeyClient(box);
    const { created } = await creator.generate(LEGACY_TEXT_TO_VIDEO, { timeoutMs: 20_000 });
    const reader = accessKeyClient(box);
    const legacyReads = (): number => requestsTo(box, /^GET \/v1\/videos\/\{product\}\/\{id\}$/);
    const before = legacyReads();
    const task = await reader.getTask(created.task.id, { product: 'text-to-video' });
    expect(task.status).toBe('succeeded');
    expect(legacyReads()).toBe(before + 1);
    await creator.close();
    await reader.close();
  });

  it('reads a legacy-created task through /tasks with an API key', async () => {
    const legacy = accessKeyClient(box);
    const { created } = await legacy.generate(LEGACY_TEXT_TO_VIDEO, { timeoutMs: 20_000 });
    const client = apiKeyClient(box);
    const task = await client.getTask(created.task.id);
    expect(task.status).toBe('succeeded');
    expect(task.videos).toHaveLength(1);
    await legacy.close();
    await client.close();
  });

  it('says clearly when an id is unknown or malformed', async () => {
    const client = apiKeyClient(box);
    await expect(client.getTask('123456789012345678')).rejects.toThrow("task: no task found for '123456789012345678'");
    await expect(client.getTask('not a handle!')).rejects.toBeInstanceOf(KlingError);
    await client.close();
  });
});

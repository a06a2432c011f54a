import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../core/index.js';
import { RedisGatewayStore } from '../../gateway/store/redis-gateway-store.js';
import { freePort } from '../mcp/helpers.js';
import { startRedis, type RedisServer } from '../redis/redis-server.js';

const task = (id: string, status: Task['status']): Task => ({
  handle: `kt1.n.t2v.${id}`,
  id,
  externalTaskId: undefined,
  standard: 'new',
  product: 'text-to-video',
  status,
  klingStatus: status,
  videos: [],
  costUnits: undefined,
  failureMessage: undefined,
  createdAt: 1,
  updatedAt: 1,
});

describe('gateway: the Redis store two replicas share', () => {
  let server: RedisServer;
  let url: string;
  let a: RedisGatewayStore;
  let b: RedisGatewayStore;

  beforeAll(async () => {
    server = await startRedis();
    url = server.url;
    a = await RedisGatewayStore.open(url, 'acct1');
    b = await RedisGatewayStore.open(url, 'acct1');
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await server?.stop();
  });

  it('gives an external id to one create across replicas, binds it to the task, and frees only a claim that made nothing', async () => {
    const claims = await Promise.all([a, b, a, b].map((store) => store.claimExternalId('ci', 'job-1', 60_000)));
    expect(claims.filter((claim) => claim.ok)).toHaveLength(1);
    expect(claims.filter((claim) => !claim.ok)).toEqual(Array.from({ length: 3 }, () => ({ ok: false, taskId: undefined })));
    await b.saveOwner(
      {
        id: '111',
        token: 'ci',
        standard: 'new',
        product: 'text-to-video',
        model: 'kling-3.0-turbo',
        externalTaskId: 'job-1',
        callbackUrl: undefined,
        createdAt: 1,
      },
      task('111', 'queued'),
    );
    expect(await a.claimExternalId('ci', 'job-1', 60_000)).toEqual({ ok: false, taskId: '111' });
    await a.releaseExternalId('ci', 'job-1');
    expect(await a.taskIdByExternalId('ci', 'job-1')).toBe('111');
    expect(await a.taskIdByExternalId('other', 'job-1')).toBeUndefined();
    expect(await a.claimExternalId('ci', 'job-2', 60_000)).toEqual({ ok: true });
    await b.releaseExternalId('ci', 'job-2');
    expect(await a.claimExternalId('ci', 'job-2', 60_000)).toEqual({ ok: true });
  });

  it('keeps a final state once recorded, whichever replica reports an older one later', async () => {
    await a.saveState('222', task('222', 'running'));
    await b.saveState('222', task('222', 'succeeded'));
    await a.saveState('222', task('222', 'running'));
    expect((await b.getTask('222')).state?.status).toBe('succeeded');
    await a.saveVideos('222', [{ videoId: 'v', key: 'k' }]);
    expect(await b.getTask('222')).toMatchObject({ owner: undefined, videos: [{ videoId: 'v', key: 'k' }] });
  });

  it('hands a due job to one replica at a time, retries it when put off, and never re-adds a finished one', async () => {
    expect(await a.addJob({ id: 'deliver:333', kind: 'deliver', taskId: '333' }, 0)).toBe(true);
    expect(await b.addJob({ id: 'deliver:333', kind: 'deliver', taskId: '333' }, 0)).toBe(false);
    const [first, second] = await Promise.all([a.claimJobs(Date.now(), 10, 60_000), b.claimJobs(Date.now(), 10, 60_000)]);
    expect([...first, ...second]).toEqual([{ id: 'deliver:333', kind: 'deliver', taskId: '333', attempts: 0 }]);
    await a.retryJob('deliver:333', 0, 1);
    expect(await b.claimJobs(Date.now(), 10, 60_000)).toEqual([{ id: 'deliver:333', kind: 'deliver', taskId: '333', attempts: 1 }]);
    await b.finishJob('deliver:333');
    await a.retryJob('deliver:333', 0, 2);
    expect(await a.claimJobs(Date.now(), 10, 60_000)).toEqual([]);
    expect(await a.addJob({ id: 'deliver:333', kind: 'deliver', taskId: '333' }, 0)).toBe(false);
  });

  it('counts one rate limit across replicas, and keeps stores of other accounts apart', async () => {
    const now = Date.now();
    const counts = [
      await a.countRequest('ci', 60_000, now),
      await b.countRequest('ci', 60_000, now),
      await a.countRequest('ci', 60_000, now),
    ];
    expect(counts).toEqual([1, 2, 3]);
    const other = await RedisGatewayStore.open(url, 'acct2');
    try {
      expect(await other.taskIdByExternalId('ci', 'job-1')).toBeUndefined();
      expect(await other.countRequest('ci', 60_000, now)).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('fails with a clear error that names the server, never the URL, when Redis does not answer', async () => {
    const port = await freePort();
    const error = await RedisGatewayStore.open(`redis://:hunter2-password@127.0.0.1:${port}`, 'x').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unavailable' });
    expect((error as Error).message).toContain(`Redis at 127.0.0.1:${port}`);
    expect((error as Error).message).not.toContain('hunter2');
  });
});

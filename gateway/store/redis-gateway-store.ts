import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type * as IORedisModule from 'ioredis';
import { isFinal, KlingError, type Task } from '../../core/index.js';
import type { ExternalIdClaim, GatewayStore, GatewayTask, Job, StoredVideo, TaskOwnership } from './gateway-store.js';

/** How long a task's record (owner, state, stored videos) is kept: longer than Kling keeps its files. */
const RETAIN_MS = 40 * 24 * 60 * 60 * 1000;

/** Records a state unless the task already has a final one: `KEYS[1]` task hash; `ARGV` state, final (1/0), ttl. */
const SAVE_STATE = `
if redis.call('HGET', KEYS[1], 'final') == '1' then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[1])
if ARGV[2] == '1' then redis.call('HSET', KEYS[1], 'final', '1') end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/** Frees a claim still pending (never one bound to a task): `KEYS[1]` the claim. */
const RELEASE_CLAIM = `
if redis.call('GET', KEYS[1]) == '' then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Adds a job unless one with its id was ever added: `KEYS` job hash, due set; `ARGV` id, kind, task, due, ttl. */
const ADD_JOB = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'kind', ARGV[2], 'taskId', ARGV[3], 'attempts', '0')
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
return 1`;

/**
 * Claims due jobs: moves each out of reach until the claim ends and returns them.
 * `KEYS[1]` due set; `ARGV` now, limit, claim end, job key prefix.
 */
const CLAIM_JOBS = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local claimed = {}
for _, id in ipairs(ids) do
  local job = redis.call('HMGET', ARGV[4] .. id, 'kind', 'taskId', 'attempts')
  if job[1] then
    redis.call('ZADD', KEYS[1], ARGV[3], id)
    table.insert(claimed, id)
    table.insert(claimed, job[1])
    table.insert(claimed, job[2])
    table.insert(claimed, job[3])
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return claimed`;

/** Puts a job off unless it is done: `KEYS` job hash, due set; `ARGV` id, due, attempts. */
const RETRY_JOB = `
if redis.call('HGET', KEYS[1], 'done') == '1' or redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'attempts', ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 1`;

/**
 * The gateway's store in Redis, shared by every replica. Keys are versioned and share one hash tag
 * per gateway (`{kling-gw:<namespace>}`), so the scripts also run on a Redis Cluster. Failures are
 * `KlingError`s of kind `unavailable` that name the server, never the URL (it may hold a password).
 */
export class RedisGatewayStore implements GatewayStore {
  private readonly prefix: string;

  private constructor(
    private readonly redis: Redis,
    namespace: string,
    private readonly where: string,
  ) {
    this.prefix = `{kling-gw:${namespace}}:v1`;
  }

  /** Connects (ioredis is an optional dependency, loaded only here). `namespace` keeps gateways of different accounts apart. */
  static async open(url: string, namespace: string): Promise<RedisGatewayStore> {
    let IORedis: typeof IORedisModule;
    try {
      IORedis = await import('ioredis');
    } catch {
      throw new KlingError({
        kind: 'invalid',
        field: 'redis',
        message: 'redis: the ioredis package is not installed',
        hint: 'npm install ioredis',
      });
    }
    const where = serverOf(url);
    const redis = new IORedis.Redis(url, { maxRetriesPerRequest: 2, lazyConnect: true, connectTimeout: 5_000 });
    // ioredis reports connection trouble here too; every command's own failure carries it to the caller.
    redis.on('error', () => undefined);
    const store = new RedisGatewayStore(redis, namespace, where);
    try {
      await store.ping();
    } catch (error) {
      redis.disconnect();
      throw error;
    }
    return store;
  }

  async claimExternalId(token: string, externalTaskId: string, ttlMs: number): Promise<ExternalIdClaim> {
    const key = this.externalKey(token, externalTaskId);
    return this.call(async (redis) => {
      if ((await redis.set(key, '', 'PX', ttlMs, 'NX')) === 'OK') return { ok: true };
      const held = await redis.get(key);
      return { ok: false, taskId: held === null || held === '' ? undefined : held };
    });
  }

  async releaseExternalId(token: string, externalTaskId: string): Promise<void> {
    await this.call((redis) => redis.eval(RELEASE_CLAIM, 1, this.externalKey(token, externalTaskId)));
  }

  async saveOwner(owner: TaskOwnership, state: Task): Promise<void> {
    const key = this.taskKey(owner.id);
    await this.call(async (redis) => {
      await redis.hset(key, 'owner', JSON.stringify(owner));
      await redis.eval(SAVE_STATE, 1, key, JSON.stringify(state), isFinal(state.status) ? '1' : '0', RETAIN_MS);
      if (owner.externalTaskId !== undefined)
        await redis.set(this.externalKey(owner.token, owner.externalTaskId), owner.id, 'PX', RETAIN_MS);
    });
  }

  async saveState(id: string, state: Task): Promise<void> {
    await this.call((redis) =>
      redis.eval(SAVE_STATE, 1, this.taskKey(id), JSON.stringify(state), isFinal(state.status) ? '1' : '0', RETAIN_MS),
    );
  }

  async saveVideos(id: string, videos: StoredVideo[]): Promise<void> {
    await this.call((redis) => redis.hset(this.taskKey(id), 'videos', JSON.stringify(videos)));
  }

  async getTask(id: string): Promise<GatewayTask> {
    const [owner, state, videos] = await this.call((redis) => redis.hmget(this.taskKey(id), 'owner', 'state', 'videos'));
    return { owner: parse<TaskOwnership>(owner), state: parse<Task>(state), videos: parse<StoredVideo[]>(videos) };
  }

  async taskIdByExternalId(token: string, externalTaskId: string): Promise<string | undefined> {
    const held = await this.call((redis) => redis.get(this.externalKey(token, externalTaskId)));
    return held === null || held === '' ? undefined : held;
  }

  async addJob(job: Omit<Job, 'attempts'>, dueAt: number): Promise<boolean> {
    const added = await this.call((redis) =>
      redis.eval(ADD_JOB, 2, this.jobKey(job.id), this.dueKey(), job.id, job.kind, job.taskId, dueAt, RETAIN_MS),
    );
    return added === 1;
  }

  async claimJobs(now: number, limit: number, claimMs: number): Promise<Job[]> {
    const flat = (await this.call((redis) =>
      redis.eval(CLAIM_JOBS, 1, this.dueKey(), now, limit, now + claimMs, this.jobKey('')),
    )) as string[];
    const jobs: Job[] = [];
    for (let index = 0; index + 3 < flat.length; index += 4) {
      jobs.push({
        id: flat[index] as string,
        kind: flat[index + 1] as Job['kind'],
        taskId: flat[index + 2] as string,
        attempts: Number(flat[index + 3]),
      });
    }
    return jobs;
  }

  async finishJob(id: string): Promise<void> {
    await this.call(async (redis) => {
      await redis.zrem(this.dueKey(), id);
      await redis.hset(this.jobKey(id), 'done', '1');
    });
  }

  async retryJob(id: string, dueAt: number, attempts: number): Promise<void> {
    await this.call((redis) => redis.eval(RETRY_JOB, 2, this.jobKey(id), this.dueKey(), id, dueAt, attempts));
  }

  async countRequest(token: string, windowMs: number, now: number): Promise<number> {
    const key = `${this.prefix}:rate:${token}:${Math.floor(now / windowMs)}`;
    return this.call(async (redis) => {
      const [[, count]] = (await redis
        .multi()
        .incr(key)
        .pexpire(key, windowMs * 2)
        .exec()) as [[unknown, number], unknown];
      return count;
    });
  }

  async ping(): Promise<void> {
    await this.call((redis) => redis.ping());
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private taskKey(id: string): string {
    return `${this.prefix}:task:${id}`;
  }

  private externalKey(token: string, externalTaskId: string): string {
    return `${this.prefix}:ext:${token}:${createHash('sha256').update(externalTaskId, 'utf8').digest('hex').slice(0, 32)}`;
  }

  private jobKey(id: string): string {
    return `${this.prefix}:job:${id}`;
  }

  private dueKey(): string {
    return `${this.prefix}:jobs`;
  }

  private async call<T>(use: (redis: Redis) => Promise<T>): Promise<T> {
    try {
      return await use(this.redis);
    } catch (error) {
      throw new KlingError({
        kind: 'unavailable',
        message: `the gateway's shared state (Redis at ${this.where}) does not answer: ${error instanceof Error ? error.message.replace(/redis(s)?:\/\/\S*/g, '[redis url]') : 'unknown error'}`,
        retryable: true,
        hint: 'Check that Redis is running and reachable from every replica.',
        cause: error,
      });
    }
  }
}

function parse<T>(text: string | null | undefined): T | undefined {
  return text === null || text === undefined ? undefined : (JSON.parse(text) as T);
}

/** `host:port` of a Redis URL, without credentials. */
function serverOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'the configured server';
  }
}

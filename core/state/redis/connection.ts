import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import type * as IORedis from 'ioredis';
import { KlingError } from '../../errors/kling-error.js';

/** A Lua script, run by its SHA-1 once Redis has it. */
export interface Script {
  source: string;
  sha: string;
}

export function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

export interface ConnectionOptions {
  url: string;
  /** Connect to a Redis Cluster through this node instead of a single server. */
  cluster?: boolean;
}

type Client = Redis | Cluster;

/**
 * The Redis connections of one state: one for commands and scripts (auto-pipelined: what a tick
 * issues goes out in one write), one for subscriptions. ioredis is an optional dependency, loaded
 * on first use: a process that never configures Redis never loads it. Every failure is a
 * `KlingError` of kind `unavailable` that names the server, never the URL (it may hold a password).
 */
export class RedisConnection {
  readonly where: string;
  private commands: Promise<Client> | undefined;
  private subscriber: Promise<Client> | undefined;
  private readonly handlers = new Map<string, Set<(message: string) => void>>();
  private closed = false;

  constructor(private readonly options: ConnectionOptions) {
    this.where = describeServer(options.url);
  }

  /** Runs a script; loads it into Redis first when Redis does not have it (after a restart too). */
  async run<T>(code: Script, keys: readonly string[], args: readonly (string | number)[]): Promise<T> {
    const redis = await this.client();
    try {
      return (await redis.evalsha(code.sha, keys.length, ...keys, ...args)) as T;
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw this.unavailable(error);
      try {
        return (await redis.eval(code.source, keys.length, ...keys, ...args)) as T;
      } catch (retryError) {
        throw this.unavailable(retryError);
      }
    }
  }

  /** Any other command. */
  async call<T>(use: (redis: Client) => Promise<T>): Promise<T> {
    const redis = await this.client();
    try {
      return await use(redis);
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.call((redis) => redis.publish(channel, message));
  }

  /** Subscribes on the shared subscriber connection; resolves once Redis confirmed it. */
  async subscribe(channel: string, handler: (message: string) => void): Promise<() => void> {
    let set = this.handlers.get(channel);
    const first = set === undefined;
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(handler);
    if (first) {
      const subscriber = await this.subscriberClient();
      try {
        await subscriber.subscribe(channel);
      } catch (error) {
        throw this.unavailable(error);
      }
    }
    return () => {
      set.delete(handler);
      if (set.size > 0 || this.handlers.get(channel) !== set) return;
      this.handlers.delete(channel);
      void this.subscriber?.then((subscriber) => subscriber.unsubscribe(channel)).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const open = [this.commands, this.subscriber].filter((client): client is Promise<Client> => client !== undefined);
    await Promise.all(
      open.map((client) =>
        client.then(
          // A connection that is not up has nothing to flush: waiting for it to quit would only wait for reconnections.
          (redis) =>
            redis.status === 'ready'
              ? redis.quit().then(
                  () => undefined,
                  () => redis.disconnect(),
                )
              : redis.disconnect(),
          () => undefined,
        ),
      ),
    );
  }

  /** A clear error for a Redis that cannot be reached or refused a command. */
  unavailable(cause: unknown): KlingError {
    if (cause instanceof KlingError) return cause;
    const text = cause instanceof Error ? cause.message : String(cause);
    // ioredis gives up on a command after the reconnection attempts it may wait through.
    const reason = /max retries per request/i.test(text) ? 'no connection: it refused or dropped every attempt' : text.slice(0, 200);
    return new KlingError({
      kind: 'unavailable',
      message: `shared state unavailable: Redis at ${this.where} failed (${reason})`,
      retryable: true,
      hint: 'Start Redis or fix KLING_REDIS_URL. Without it this process does not create tasks: it cannot know what the other processes hold of the account’s concurrency and budget.',
      cause,
    });
  }

  private client(): Promise<Client> {
    if (this.closed) return Promise.reject(this.unavailable(new Error('the state was closed')));
    this.commands ??= this.open(true);
    return this.commands;
  }

  private subscriberClient(): Promise<Client> {
    this.subscriber ??= this.open(false).then((redis) => {
      redis.on('message', (channel: string, message: string) => {
        for (const handler of [...(this.handlers.get(channel) ?? [])]) handler(message);
      });
      return redis;
    });
    return this.subscriber;
  }

  private async open(pipelined: boolean): Promise<Client> {
    let ioredis: Pick<typeof IORedis, 'Redis' | 'Cluster'>;
    try {
      ioredis = await import('ioredis');
    } catch (error) {
      throw new KlingError({
        kind: 'unavailable',
        message: 'Redis is configured but the optional dependency ioredis is not installed',
        hint: 'Install it next to kling-mcp (npm install ioredis), or unset KLING_REDIS_URL to keep the state in this process.',
        cause: error,
      });
    }
    const options = {
      // Fail closed fast: a command waits through two reconnection attempts at most, then errs.
      maxRetriesPerRequest: 2,
      connectTimeout: 3_000,
      enableAutoPipelining: pipelined,
      retryStrategy: (times: number) => Math.min(times * 200, 2_000),
    };
    const redis: Client = this.options.cluster
      ? new ioredis.Cluster([this.options.url], { redisOptions: options, enableAutoPipelining: pipelined })
      : new ioredis.Redis(this.options.url, options);
    // Errors reach the callers of commands; an unhandled 'error' event would only crash the process.
    redis.on('error', () => undefined);
    return redis;
  }
}

/** `host:port` of a Redis URL, never its user or password. */
export function describeServer(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'the configured URL';
  }
}

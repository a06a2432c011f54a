import type { EventBus } from '../event-bus.js';
import type { RedisConnection } from './connection.js';
import type { AccountKeys } from './keys.js';

/** Wake-ups between processes through Redis pub/sub: best effort, the stores stay the truth. */
export class RedisEventBus implements EventBus {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: AccountKeys,
  ) {}

  publish(topic: string, payload: string): Promise<void> {
    return this.redis.publish(this.keys.channel(topic), payload);
  }

  subscribe(topic: string, handler: (payload: string) => void): Promise<() => void> {
    return this.redis.subscribe(this.keys.channel(topic), handler);
  }
}

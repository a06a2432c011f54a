import { randomUUID } from 'node:crypto';
import type { Task } from '../../task/types.js';
import type { StateContext } from '../state.js';
import type { PendingCreate, TaskStore, TaskUpdate, TrackedTask } from '../task-store.js';
import type { RedisConnection } from './connection.js';
import type { AccountKeys } from './keys.js';
import {
  ADD,
  BEGIN_CREATE,
  CLAIM_DUE,
  CLAIM_STALE_CREATES,
  END,
  FINISH_CREATE,
  GET,
  RESCHEDULE,
  SUMMARY,
  VOUCH_CREATES,
} from './task-scripts.js';

/** How long an ended task's id is remembered, so that a late read does not follow it again. */
const TOMBSTONE_MS = 24 * 60 * 60 * 1000;
const DEFAULT_CLAIM_MS = 60_000;

type Fields = [string | null, string | null, string | null, string | null];

/**
 * The followed tasks, shared through Redis (see task-scripts.ts): claims hand each due task to one
 * poller, whichever process created it, and `end` returns the record to exactly one caller. The
 * creates this process has in flight are vouched for a few times per lease; when it dies they go
 * stale and another process adopts them (`claimStaleCreates`).
 */
export class RedisTaskStore implements TaskStore {
  /** Names this process's create records, so that another process's create with the same external id keeps its own. */
  private readonly owner = randomUUID().slice(0, 12);
  /** Fields of the creates in flight here (`<external id> <owner>`). */
  private readonly inFlight = new Set<string>();
  private cancelVouching: (() => void) | undefined;
  private summary: Promise<[number, string]> | undefined;
  private closed = false;

  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: AccountKeys,
    private readonly context: Pick<StateContext, 'now' | 'schedule'>,
    private readonly leaseMs: () => number,
  ) {}

  async add(task: TrackedTask): Promise<boolean> {
    const { dueAt, polls, last, ...fixed } = task;
    const schedule = task.route.via === 'tasks' ? 'b' : 's';
    const held = task.slot ? this.keys.pool(task.slot.pool).held : this.keys.tasks.records;
    const args = [task.id, schedule + JSON.stringify(fixed), last ? JSON.stringify(last) : '', polls, dueAt, task.slot?.lease ?? ''];
    return (await this.redis.run<number>(ADD, [...this.taskKeys(), held], args)) === 1;
  }

  async get(id: string): Promise<TrackedTask | undefined> {
    return parse(await this.redis.run<Fields>(GET, this.taskKeys(), [id]));
  }

  async claimDue(until: number, limit: number, options: { batchableOnly?: boolean; claimMs?: number } = {}): Promise<TrackedTask[]> {
    const claimUntil = this.context.now() + (options.claimMs ?? DEFAULT_CLAIM_MS);
    const flat = await this.redis.run<(string | null)[]>(CLAIM_DUE, this.taskKeys(), [
      until,
      limit,
      options.batchableOnly ? 1 : 0,
      claimUntil,
    ]);
    const claimed: TrackedTask[] = [];
    for (let index = 0; index < flat.length; index += 4) {
      const record = parse(flat.slice(index, index + 4) as Fields);
      if (record) claimed.push(record);
    }
    return claimed;
  }

  async reschedule(updates: readonly TaskUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    const args = updates.flatMap((update) => [update.id, update.dueAt, update.polls ?? '', update.last ? JSON.stringify(update.last) : '']);
    await this.redis.run(RESCHEDULE, this.taskKeys(), args);
  }

  async end(id: string, task: Task): Promise<TrackedTask | undefined> {
    const record = parse(await this.redis.run<Fields | null>(END, this.taskKeys(), [id, 1, TOMBSTONE_MS]));
    if (record) record.last = task;
    return record;
  }

  async drop(id: string): Promise<TrackedTask | undefined> {
    return parse(await this.redis.run<Fields | null>(END, this.taskKeys(), [id, 0, TOMBSTONE_MS]));
  }

  async nextDueAt(): Promise<number | undefined> {
    const [, next] = await this.readSummary();
    return next === '' ? undefined : Number(next);
  }

  async count(): Promise<number> {
    const [count] = await this.readSummary();
    return count;
  }

  async beginCreate(pending: PendingCreate): Promise<void> {
    const { records, alive } = this.keys.creates;
    const held = pending.slot ? this.keys.pool(pending.slot.pool).held : records;
    const field = `${pending.externalTaskId} ${this.owner}`;
    const json = JSON.stringify({ ...pending, owner: this.owner });
    await this.redis.run(BEGIN_CREATE, [records, alive, held], [field, json, this.leaseMs(), pending.slot?.lease ?? '']);
    this.inFlight.add(field);
    this.armVouching();
  }

  async finishCreate(externalTaskId: string, owner: string = this.owner): Promise<void> {
    const field = `${externalTaskId} ${owner}`;
    this.inFlight.delete(field);
    const { records, alive } = this.keys.creates;
    await this.redis.run(FINISH_CREATE, [records, alive], [field]);
  }

  async claimStaleCreates(limit: number, claimMs: number): Promise<PendingCreate[]> {
    const { records, alive } = this.keys.creates;
    const found = await this.redis.run<string[]>(CLAIM_STALE_CREATES, [records, alive], [limit, claimMs]);
    return found.map((json) => JSON.parse(json) as PendingCreate);
  }

  async claimRebuild(): Promise<boolean> {
    const set = await this.redis.call((redis) => redis.set(this.keys.marker, String(this.context.now()), 'NX'));
    return set === 'OK';
  }

  async close(): Promise<void> {
    this.closed = true;
    this.cancelVouching?.();
  }

  private taskKeys(): string[] {
    const keys = this.keys.tasks;
    return [keys.records, keys.last, keys.polls, keys.due, keys.batchable, keys.single, keys.ended];
  }

  /** `count` and `nextDueAt` asked together (the tracker does) share one script call. */
  private readSummary(): Promise<[number, string]> {
    this.summary ??= this.redis.run<[number, string]>(SUMMARY, this.taskKeys(), []).finally(() => {
      this.summary = undefined;
    });
    return this.summary;
  }

  /** While creates are in flight here, this process vouches for them a few times per lease (one script). */
  private armVouching(): void {
    if (this.cancelVouching || this.closed) return;
    this.cancelVouching = this.context.schedule(Math.max(100, this.leaseMs() / 3), () => {
      this.cancelVouching = undefined;
      if (this.inFlight.size === 0) return;
      const { records, alive } = this.keys.creates;
      void this.redis
        .run(VOUCH_CREATES, [records, alive], [this.leaseMs(), ...this.inFlight])
        .catch(() => undefined)
        .finally(() => {
          if (this.inFlight.size > 0) this.armVouching();
        });
    });
  }
}

function parse(fields: Fields | null): TrackedTask | undefined {
  if (!fields || !fields[0]) return undefined;
  const [record, last, polls, due] = fields;
  return {
    ...(JSON.parse(record.slice(1)) as Omit<TrackedTask, 'dueAt' | 'polls' | 'last'>),
    dueAt: Number(due),
    polls: Number(polls ?? 0),
    ...(last ? { last: JSON.parse(last) as Task } : {}),
  };
}

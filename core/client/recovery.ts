import { legacyPath, PRODUCTS } from '../catalog/index.js';
import type { Product } from '../catalog/types.js';
import type { BudgetGuard } from '../guards/budget.js';
import type { Platform } from '../platform/platform.js';
import type { StateStores } from '../state/state.js';
import type { PendingCreate } from '../state/task-store.js';
import { encodeHandle } from '../task/handle.js';
import { normalizeRecord } from '../task/normalize.js';
import { isFinal, type Task } from '../task/types.js';
import type { Tracker } from '../tracking/tracker.js';
import type { HttpTransport } from '../transport/http-transport.js';
import { withReadRetry, type RetryPolicy } from '../transport/read-retry.js';
import type { ReadRoute } from './router.js';
import { TASKS_BATCH_LIMIT, type TaskReader } from './task-reader.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long a stale create is claimed by the process recovering it. */
const CLAIM_MS = 60_000;
/** Pages read per list when rebuilding (500 tasks a page). */
const MAX_PAGES = 40;
const PAGE_SIZE = 500;

export interface RecoveryOptions {
  platform: Platform;
  state: StateStores;
  tracker: Tracker;
  reader: TaskReader;
  transport: HttpTransport;
  retry: RetryPolicy;
  budget: BudgetGuard;
  /** How tasks are listed and read with these credentials: `/tasks`, or the legacy product paths. */
  route: 'tasks' | 'legacy';
  /** How often to look for stale creates and a store that lost its data. */
  everyMs: () => number;
  /** Typical time of a task whose model is unknown (a rebuilt one), scaled. */
  unknownExpectedMs: () => number;
  onSlotFreed: (pool: string) => void;
  log: (level: 'info' | 'warn', message: string, fields?: Record<string, unknown>) => void;
}

/**
 * What a process sharing its state does for the processes that died: it adopts their creates that
 * were in flight (recorded before the POST, then never finished) by looking them up by external
 * id — following the task if Kling has it, freeing its slot and budget if not — and, when the
 * store turns out empty (a new Redis, or one that lost its data), rebuilds the followed tasks and
 * the day's spending from Kling's task list. Their followed tasks need nothing here: claims expire,
 * so any process polls them.
 */
export class Recovery {
  private cancelTimer: (() => void) | undefined;
  private running = false;
  private stopped = false;
  /** The first round (a rebuild, if the store was empty) is over: creates and waits start after it. */
  readonly ready: Promise<void>;

  constructor(private readonly options: RecoveryOptions) {
    this.ready = this.tick().finally(() => this.arm(options.everyMs()));
  }

  stop(): void {
    // Any round in progress finishes; no other starts.
    this.stopped = true;
    this.cancelTimer?.();
  }

  /** One round: rebuild if the store is empty, then adopt stale creates. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      if (await this.options.state.tasks.claimRebuild()) await this.rebuild();
      while ((await this.adoptStaleCreates()) === TASKS_BATCH_LIMIT && !this.stopped);
    } catch (error) {
      this.options.log('warn', 'recovery failed; retrying on the next round', {
        error: error instanceof Error ? error.message : String(error),
      });
    } finally {
      this.running = false;
    }
  }

  /** Adopts creates whose process died mid-create; returns how many were claimed. */
  async adoptStaleCreates(): Promise<number> {
    const stale = await this.options.state.tasks.claimStaleCreates(TASKS_BATCH_LIMIT, CLAIM_MS);
    if (stale.length === 0) return 0;
    const found = await this.lookUp(stale);
    for (const pending of stale) await this.settleCreate(pending, found.get(pending.externalTaskId));
    return stale.length;
  }

  /**
   * Follows every unfinished task of the account created in the last 24 hours, and records what the
   * finished ones cost (when a daily budget is set). Tasks listed this way have no known model, so
   * they hold no slot: a 1303 lowers the capacity until they end, if they fill it.
   */
  async rebuild(): Promise<{ followed: number; restoredUnits: number }> {
    const { platform, budget, tracker } = this.options;
    const startedAt = platform.now();
    const listed =
      this.options.route === 'tasks' ? await this.listNew(startedAt - DAY_MS, startedAt) : await this.listLegacy(startedAt - DAY_MS);
    let followed = 0;
    let restoredUnits = 0;
    for (const task of listed) {
      // Created while this ran: its own process follows it.
      if (task.createdAt !== undefined && task.createdAt >= startedAt) continue;
      const key = `rebuilt:${task.id}`;
      if (isFinal(task.status)) {
        if (task.status === 'succeeded' && task.costUnits) {
          restoredUnits += task.costUnits;
          await budget.restore(key, task.costUnits);
        }
        continue;
      }
      const hold = await budget.restore(key, 0);
      const route: ReadRoute = this.options.route === 'tasks' ? { via: 'tasks' } : { via: 'legacy', product: task.product as Product };
      const added = await tracker.follow({
        id: task.id,
        handle: task.handle,
        route,
        expectedMs: this.options.unknownExpectedMs(),
        callback: false,
        startedAt: task.createdAt,
        ...(hold.scopes.length > 0 && { budget: hold }),
        last: task,
      });
      if (added) followed += 1;
    }
    this.options.log('info', 'shared state was empty: rebuilt from the Kling task list', {
      listed: listed.length,
      followed,
      restoredUnits,
    });
    return { followed, restoredUnits };
  }

  private arm(delay: number): void {
    if (this.stopped) return;
    this.cancelTimer = this.options.platform.schedule(delay, () => {
      void this.tick().finally(() => this.arm(this.options.everyMs()));
    });
  }

  /** Looks stale creates up by external id: `/tasks` 20 at a time, or each under its legacy product. */
  private async lookUp(stale: PendingCreate[]): Promise<Map<string, Task>> {
    const { reader } = this.options;
    const found = new Map<string, Task>();
    const batched = stale.filter((pending) => pending.route.via === 'tasks');
    if (batched.length > 0) {
      const records = await reader.byExternalIds(batched.map((pending) => pending.externalTaskId));
      for (const record of records) {
        const externalId = (record as { external_id?: unknown }).external_id;
        const pending = batched.find((candidate) => candidate.externalTaskId === externalId);
        if (pending)
          found.set(pending.externalTaskId, normalizeRecord(record, { product: pending.product, externalTaskId: pending.externalTaskId }));
      }
    }
    for (const pending of stale) {
      if (pending.route.via === 'tasks') continue;
      const hit = await reader.findByExternalId(pending.externalTaskId, [pending.product]);
      if (hit)
        found.set(
          pending.externalTaskId,
          normalizeRecord(hit.record, { product: pending.product, externalTaskId: pending.externalTaskId }),
        );
    }
    return found;
  }

  /** Follows the task a dead process created (it holds the slot and budget), or frees both if Kling has none. */
  private async settleCreate(pending: PendingCreate, task: Task | undefined): Promise<void> {
    const { state, tracker, budget } = this.options;
    let keepsSlot = false;
    if (task) {
      const handle = encodeHandle({ standard: pending.standard, product: pending.product, id: task.id });
      keepsSlot = await tracker.follow({
        id: task.id,
        handle,
        route: pending.route,
        expectedMs: pending.expectedMs,
        callback: pending.callback,
        startedAt: task.createdAt,
        ...(pending.slot && { slot: pending.slot }),
        ...(pending.budget && { budget: pending.budget }),
        last: { ...task, handle, standard: pending.standard, product: pending.product },
      });
      this.options.log('info', 'adopted a create whose process stopped', { handle, externalTaskId: pending.externalTaskId });
    } else {
      this.options.log('info', 'a create whose process stopped never reached Kling; its slot and budget are freed', {
        externalTaskId: pending.externalTaskId,
      });
    }
    if (!keepsSlot) {
      if (pending.slot) {
        await state.slots.release(pending.slot.pool, pending.slot.lease);
        this.options.onSlotFreed(pending.slot.pool);
      }
      if (pending.budget && !task) await budget.release(pending.budget);
    }
    await state.tasks.finishCreate(pending.externalTaskId, pending.owner);
  }

  /** `POST /tasks`, newest first, a cursor page at a time. */
  private async listNew(start: number, end: number): Promise<Task[]> {
    const tasks: Task[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const body = { start_time: start, end_time: end, limit: PAGE_SIZE, ...(cursor && { cursor }) };
      const reply = await withReadRetry(
        () => this.options.transport.send({ method: 'POST', path: '/tasks', body, family: 'new' }),
        this.options.retry,
      );
      const data = (reply.data ?? {}) as { result?: unknown[]; has_more?: boolean; next_cursor?: string };
      for (const record of data.result ?? []) tasks.push(normalizeRecord(record, {}));
      if (!data.has_more || !data.next_cursor) break;
      cursor = data.next_cursor;
    }
    return tasks;
  }

  /** `GET /v1/videos/<product>?pageNum&pageSize` for each product, newest first, back to `since`. */
  private async listLegacy(since: number): Promise<Task[]> {
    const tasks: Task[] = [];
    for (const product of PRODUCTS) {
      for (let page = 1; page <= MAX_PAGES; page += 1) {
        const reply = await withReadRetry(
          () =>
            this.options.transport.send({
              method: 'GET',
              path: legacyPath(product),
              query: { pageNum: page, pageSize: PAGE_SIZE },
              family: 'legacy',
            }),
          this.options.retry,
        );
        const records = Array.isArray(reply.data) ? reply.data : [];
        const read = records.map((record) => normalizeRecord(record, { product }));
        tasks.push(...read.filter((task) => task.createdAt === undefined || task.createdAt >= since));
        if (records.length < PAGE_SIZE || read.some((task) => task.createdAt !== undefined && task.createdAt < since)) break;
      }
    }
    return tasks;
  }
}

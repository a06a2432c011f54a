import { PRODUCTS } from '../catalog/index.js';
import type { Product } from '../catalog/types.js';
import { KlingError } from '../errors/kling-error.js';
import type { TrackedTask } from '../state/task-store.js';
import { encodeHandle } from '../task/handle.js';
import { normalizeRecord } from '../task/normalize.js';
import type { Task } from '../task/types.js';
import type { ReadRoute } from './router.js';
import type { ReadTarget } from './task-target.js';
import { TASKS_BATCH_LIMIT, type TaskReader } from './task-reader.js';

/** Legacy products in the order a raw id is probed with AK/SK credentials. */
const PROBE_ORDER: readonly Product[] = PRODUCTS;

/**
 * Reads tasks as `Task`s: one by handle or id (probing the legacy products when the product is
 * unknown), many at once for the tracker (`/tasks` 20 ids a read, several reads in flight), or
 * one by the external id it was created with.
 */
export class TaskLookup {
  /** Raw ids whose legacy product was found by probing (AK/SK reads). */
  readonly probed = new Map<string, Product>();

  constructor(
    private readonly reader: TaskReader,
    private readonly options: { readConcurrency: number; onReadError: (error: unknown) => void },
  ) {}

  async one(target: ReadTarget, signal?: AbortSignal): Promise<Task> {
    const { id, route, handle, standard, product } = target;
    if (route.via === 'tasks') {
      const [record] = await this.reader.byIds([id], signal);
      if (record === undefined) throw notFound('task', id);
      return { ...normalizeRecord(record, { product, handle }), standard };
    }
    if (route.via === 'legacy') {
      const record = await this.reader.legacy(route.product, id, signal);
      if (record === undefined) throw notFound('task', id);
      return normalizeRecord(record, { product: route.product, handle });
    }
    for (const candidate of PROBE_ORDER) {
      const record = await this.reader.legacy(candidate, id, signal);
      if (record !== undefined) {
        this.probed.set(id, candidate);
        return normalizeRecord(record, { product: candidate, handle: encodeHandle({ standard: 'legacy', product: candidate, id }) });
      }
    }
    throw notFound('task', id);
  }

  /**
   * The tracker's read: `/tasks` chunks of 20 ids, up to `readConcurrency` in flight, and legacy
   * reads one by one. A failed read is reported and skipped: its tasks are tried again on their next poll.
   */
  async many(records: readonly TrackedTask[]): Promise<Task[]> {
    const tasks: Task[] = [];
    const jobs: (() => Promise<void>)[] = [];
    const batched = records.filter((record) => record.route.via === 'tasks');
    for (let start = 0; start < batched.length; start += TASKS_BATCH_LIMIT) {
      const chunk = batched.slice(start, start + TASKS_BATCH_LIMIT);
      jobs.push(async () => {
        const found = await this.reader.byIds(chunk.map((record) => record.id));
        const byId = new Map(chunk.map((record) => [record.id, record]));
        for (const raw of found) {
          const record = byId.get(String((raw as { id?: unknown }).id ?? ''));
          if (!record) continue;
          const task = normalizeRecord(raw, { handle: record.handle, product: record.last?.product });
          tasks.push({ ...task, standard: record.last?.standard ?? task.standard });
        }
      });
    }
    for (const record of records) {
      if (record.route.via === 'tasks') continue;
      jobs.push(async () => {
        const standard = record.last?.standard ?? 'legacy';
        tasks.push(await this.one({ id: record.id, handle: record.handle, route: record.route, standard, product: record.last?.product }));
      });
    }
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < jobs.length) {
        const job = jobs[next++] as () => Promise<void>;
        await job().catch(this.options.onReadError);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.readConcurrency, jobs.length) }, worker));
    return tasks;
  }

  /** Finds a task by the external id it was created with, through `/tasks` or the given legacy products. */
  async byExternalId(externalTaskId: string, route: ReadRoute, product: Product | undefined, signal?: AbortSignal): Promise<Task> {
    const where = route.via === 'tasks' ? 'tasks' : product ? [product] : PROBE_ORDER;
    const found = await this.reader.findByExternalId(externalTaskId, where, signal);
    if (!found) throw notFound('externalTaskId', externalTaskId);
    return normalizeRecord(found.record, { product: found.product ?? product, externalTaskId });
  }
}

function notFound(field: string, id: string): KlingError {
  return new KlingError({
    kind: 'invalid',
    code: 1201,
    field,
    message: `${field}: no task found for '${id}'`,
    hint: 'Check the id; with access key + secret key a task is only found under the product it was created with.',
  });
}

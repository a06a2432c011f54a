import { legacyPath } from '../catalog/index.js';
import type { Product } from '../catalog/types.js';
import { KlingError } from '../errors/kling-error.js';
import type { HttpTransport } from '../transport/http-transport.js';
import { withReadRetry, type RetryPolicy } from '../transport/read-retry.js';

/** Kling's limit of ids per `GET /tasks`. */
export const TASKS_BATCH_LIMIT = 20;

/** The read endpoints of both standards, each retried as reads may be. Returns raw records. */
export class TaskReader {
  constructor(
    private readonly transport: HttpTransport,
    private readonly retry: RetryPolicy,
  ) {}

  /** `GET /tasks?task_ids=…` (API key only): up to 20 records, whichever standard created them. */
  async byIds(ids: readonly string[], signal?: AbortSignal): Promise<unknown[]> {
    return this.tasksQuery('task_ids', ids, signal);
  }

  /** `GET /tasks?external_task_ids=…`. */
  async byExternalIds(ids: readonly string[], signal?: AbortSignal): Promise<unknown[]> {
    return this.tasksQuery('external_task_ids', ids, signal);
  }

  /** `GET /v1/videos/<product>/<id or external id>`; undefined when Kling says it is not there. */
  async legacy(product: Product, idOrExternalId: string, signal?: AbortSignal): Promise<unknown | undefined> {
    try {
      const reply = await withReadRetry(
        () =>
          this.transport.send({
            method: 'GET',
            path: `${legacyPath(product)}/${encodeURIComponent(idOrExternalId)}`,
            family: 'legacy',
            signal,
          }),
        this.retry,
        signal,
      );
      return reply.data;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /**
   * Finds a task by the external id it was created with: through `/tasks`, or by trying the given
   * legacy products in order. Returns the raw record and the product it was found under.
   */
  async findByExternalId(
    externalTaskId: string,
    where: 'tasks' | readonly Product[],
    signal?: AbortSignal,
  ): Promise<{ record: unknown; product: Product | undefined } | undefined> {
    if (where === 'tasks') {
      const records = await this.byExternalIds([externalTaskId], signal);
      const record = records.find((candidate) => (candidate as { external_id?: unknown }).external_id === externalTaskId);
      return record === undefined ? undefined : { record, product: undefined };
    }
    for (const product of where) {
      const record = await this.legacy(product, externalTaskId, signal);
      if (record !== undefined) return { record, product };
    }
    return undefined;
  }

  private async tasksQuery(key: 'task_ids' | 'external_task_ids', ids: readonly string[], signal?: AbortSignal): Promise<unknown[]> {
    if (ids.length === 0) return [];
    if (ids.length > TASKS_BATCH_LIMIT) throw new RangeError(`at most ${TASKS_BATCH_LIMIT} ids per /tasks query`);
    const reply = await withReadRetry(
      () => this.transport.send({ method: 'GET', path: '/tasks', query: { [key]: ids.join(',') }, family: 'new', signal }),
      this.retry,
      signal,
    );
    return Array.isArray(reply.data) ? reply.data : [];
  }
}

/** A legacy read of an unknown id answers 400/1201 "Task not found by id/external id". */
export function isNotFound(error: unknown): boolean {
  return error instanceof KlingError && error.code === 1201 && /not found/i.test(error.message);
}

import type { Product, Standard } from '../catalog/types.js';
import type { WireRequest } from '../encode/wire.js';
import { KlingError } from '../errors/kling-error.js';
import { isTransientFailure } from '../errors/transient.js';
import { normalizeCreateReply, normalizeRecord } from '../task/normalize.js';
import type { Task } from '../task/types.js';
import { backoffDelay } from '../transport/backoff.js';
import type { HttpTransport } from '../transport/http-transport.js';
import type { RetryPolicy } from '../transport/read-retry.js';
import type { TaskReader } from './task-reader.js';

export interface CreateOutcome {
  task: Task;
  /** True when the reply was lost and the task was found by its external id instead. */
  recovered: boolean;
  /** True when the external id was already used by an earlier create: this is that task, nothing new was created. */
  existing: boolean;
  attempts: number;
}

/**
 * A reply that may hide a created task: the request may have landed before it failed.
 * Anything else with a code (4xx/1xxx, 1302, 1303) created nothing.
 */
export function isAmbiguous(error: unknown): boolean {
  if (error instanceof KlingError && !error.sent) return false;
  return !(error instanceof KlingError) || isTransientFailure(error) || (error.kind === 'server' && error.code === undefined);
}

/** The request never left this machine (the connection could not be opened): nothing was created. */
const isUnsent = (error: unknown): boolean => error instanceof KlingError && !error.sent;

const isDuplicate = (error: unknown): boolean => error instanceof KlingError && error.code === 1201 && /already exist/i.test(error.message);

/**
 * Sends a create exactly once in effect. The wire body always carries `externalTaskId`. After an
 * ambiguous failure the task is looked up by that id before anything else; only when it is not
 * there is the create re-sent, with the same id, so Kling refuses it if the first one landed.
 */
export async function createOnce(
  deps: { transport: HttpTransport; reader: TaskReader; retry: RetryPolicy },
  wire: WireRequest,
  externalTaskId: string,
  product: Product,
  signal?: AbortSignal,
  /** Shared across re-queued attempts (after 1303), so an earlier ambiguous attempt is remembered. */
  state: { uncertain: boolean } = { uncertain: false },
): Promise<CreateOutcome> {
  const known = { product, externalTaskId };
  let lastError: unknown;
  for (let attempt = 0; attempt < deps.retry.attempts; attempt += 1) {
    try {
      const reply = await deps.transport.send({ method: 'POST', path: wire.path, body: wire.body, family: wire.standard, signal });
      return { task: normalizeCreateReply(wire.standard, reply.data, known), recovered: false, existing: false, attempts: attempt + 1 };
    } catch (error) {
      lastError = error;
      if (isDuplicate(error)) {
        // Our own earlier attempt landed after all, or an earlier create used this external id:
        // either way that task is the one to follow, and nothing new was created.
        const found = await lookUp(deps, wire.standard, product, externalTaskId, signal).catch((lookupError: unknown) => {
          throw mayExist(externalTaskId, lookupError);
        });
        if (found) return { task: found, recovered: state.uncertain, existing: !state.uncertain, attempts: attempt + 1 };
        throw mayExist(externalTaskId, error);
      }
      if (isUnsent(error) && attempt + 1 < deps.retry.attempts) {
        await deps.retry.sleep(backoffDelay(attempt, deps.retry.baseDelayMs, deps.retry.maxDelayMs), signal);
        continue;
      }
      // Over the concurrency limit: nothing was created; the scheduler queues it again.
      if (error instanceof KlingError && error.code === 1303) throw error;
      if (error instanceof KlingError && error.code === 1302) {
        await deps.retry.sleep(backoffDelay(attempt, deps.retry.baseDelayMs, deps.retry.maxDelayMs), signal);
        continue;
      }
      // Cancelled while the create was on the wire: it may have landed, and we may not look it up now.
      if (error instanceof KlingError && error.kind === 'cancelled') throw mayExist(externalTaskId, error);
      if (!isAmbiguous(error)) {
        if (!state.uncertain) throw error;
        throw mayExist(externalTaskId, error);
      }
      state.uncertain = true;
      try {
        const found = await lookUp(deps, wire.standard, product, externalTaskId, signal);
        if (found) return { task: found, recovered: true, existing: false, attempts: attempt + 1 };
        await deps.retry.sleep(backoffDelay(attempt, deps.retry.baseDelayMs, deps.retry.maxDelayMs), signal);
      } catch (lookupError) {
        throw mayExist(externalTaskId, lookupError);
      }
    }
  }
  if (!state.uncertain && lastError !== undefined) throw lastError;
  throw mayExist(externalTaskId, lastError);
}

async function lookUp(
  deps: { reader: TaskReader },
  standard: Standard,
  product: Product,
  externalTaskId: string,
  signal?: AbortSignal,
): Promise<Task | undefined> {
  const found = await deps.reader.findByExternalId(externalTaskId, standard === 'new' ? 'tasks' : [product], signal);
  return found === undefined ? undefined : normalizeRecord(found.record, { product, externalTaskId });
}

function mayExist(externalTaskId: string, cause: unknown): KlingError {
  const reason = cause instanceof Error ? `: ${cause.message}` : '';
  return new KlingError({
    kind: cause instanceof KlingError && cause.kind === 'cancelled' ? 'cancelled' : 'server',
    message: `The create could not be confirmed${reason}. A task may exist with external task id ${externalTaskId}`,
    retryable: false,
    taskMayExist: true,
    externalTaskId,
    hint: `Look the task up by its external task id ${externalTaskId} before creating it again; do not re-send it with a new id.`,
    cause,
  });
}

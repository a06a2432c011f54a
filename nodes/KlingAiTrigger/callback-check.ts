import type { IncomingHttpHeaders } from 'node:http';
import { parseCallbackBody } from '../../core/callbacks/index.js';
import { KlingError, normalizeRecord, type KlingClient, type Task } from '../../core/index.js';

export type Verification = 'signature' | 'api' | 'none';

export type CallbackCheck =
  | { ok: true; task: Task; verifiedBy: Verification }
  | { ok: false; status: 400 | 401 | 503; reason: string };

export interface CallbackCheckOptions {
  /** The credential's webhook secret: when set, only correctly signed callbacks pass. */
  webhookSecret: string | undefined;
  /** Without a secret: read the task from the API and trust that instead of the body. */
  confirmWithApi: boolean;
  signal?: AbortSignal;
}

/**
 * Decides whether a callback request is Kling's and what task it reports: the Standard Webhooks
 * signature over the raw body when there is a secret (forged or stale: 401), otherwise the task
 * as the API reports it (a task the API does not know: 401). All Kling logic is the core's.
 */
export async function checkCallback(
  client: KlingClient,
  rawBody: Buffer,
  headers: IncomingHttpHeaders,
  options: CallbackCheckOptions,
): Promise<CallbackCheck> {
  if (options.webhookSecret) {
    // The client holds this credential's secret: it verifies the raw body, parses it, and lets
    // executions of the Kling AI node waiting for this task hear of it at once.
    const outcome = client.ingestCallback(rawBody, headers);
    return outcome.accepted ? { ok: true, task: outcome.task, verifiedBy: 'signature' } : { ok: false, status: outcome.status, reason: outcome.reason };
  }

  let task: Task;
  try {
    task = normalizeRecord(parseCallbackBody(rawBody.toString('utf8')).record);
  } catch (error) {
    return { ok: false, status: 400, reason: error instanceof Error ? error.message : String(error) };
  }

  if (!options.confirmWithApi) return { ok: true, task, verifiedBy: 'none' };
  try {
    const confirmed = await client.getTask(task.id, { signal: options.signal });
    return { ok: true, task: { ...confirmed, externalTaskId: confirmed.externalTaskId ?? task.externalTaskId }, verifiedBy: 'api' };
  } catch (error) {
    if (error instanceof KlingError && (error.kind === 'invalid' || error.kind === 'permission')) {
      return { ok: false, status: 401, reason: `the API does not know task ${task.id}` };
    }
    return { ok: false, status: 503, reason: 'the task could not be confirmed with the API; try again' };
  }
}

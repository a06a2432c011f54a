import { type KlingClient, normalizeRecord, parseCallbackBody, type Task, type WebhookHeaders } from '../../core/index.js';

export type Verification = 'signature' | 'api' | 'none';

export type CallbackCheck =
  { ok: true; task: Task; verifiedBy: Verification; duplicate: boolean } | { ok: false; status: 400 | 401 | 503; reason: string };

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
  headers: WebhookHeaders,
  options: CallbackCheckOptions,
): Promise<CallbackCheck> {
  if (options.webhookSecret || options.confirmWithApi) {
    // The client verifies the signature with the credential's secret (once: replays are ignored),
    // or, without a secret, reads the task from the API and trusts that instead of the body.
    const outcome = await client.ingestCallback(rawBody, headers, { signal: options.signal });
    if (!outcome.accepted) return { ok: false, status: outcome.status, reason: outcome.reason };
    return { ok: true, task: outcome.task, verifiedBy: outcome.verifiedBy, duplicate: outcome.duplicate };
  }
  // The user chose to take unsigned callbacks as they come: parsed, never verified.
  try {
    return { ok: true, task: normalizeRecord(parseCallbackBody(rawBody.toString('utf8')).record), verifiedBy: 'none', duplicate: false };
  } catch (error) {
    return { ok: false, status: 400, reason: error instanceof Error ? error.message : String(error) };
  }
}

import type { TokenConfig } from '../config.js';
import type { GatewayContext } from '../gateway-context.js';
import { klingData, klingRefusal, type KlingReply } from '../kling-reply.js';
import { legacyRecord, newStandardRecord, type RecordView } from '../kling-records.js';
import type { GatewayTask } from '../store/gateway-store.js';

/** Kling's limit of ids per `GET /tasks`. */
const MAX_IDS = 20;

/**
 * `GET /tasks?task_ids=…` or `?external_task_ids=…` (≤ 20, not both), answered from what the
 * gateway's tracker knows: no read reaches Kling, however many clients ask. A token sees only the
 * tasks it created; others' are absent, as unknown ids are at Kling.
 */
export async function queryTasks(
  context: GatewayContext,
  token: TokenConfig,
  query: URLSearchParams,
  requestId: string,
): Promise<KlingReply> {
  const byId = query.get('task_ids');
  const byExternal = query.get('external_task_ids');
  if ((byId === null) === (byExternal === null)) {
    return klingRefusal(requestId, 1201, 'give task_ids or external_task_ids (one of them, not both)');
  }
  const ids = (byId ?? byExternal ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ids.length > MAX_IDS) return klingRefusal(requestId, 1201, `at most ${MAX_IDS} ids per query (got ${ids.length})`);
  const records: Record<string, unknown>[] = [];
  for (const id of ids) {
    const taskId = byId !== null ? id : await context.store.taskIdByExternalId(token.name, id);
    const found = taskId === undefined ? undefined : await ownedTask(context, token, taskId);
    if (found) records.push(newStandardRecord(await recordView(context, found)));
    audit(context, token, id, found);
  }
  return klingData(requestId, records);
}

/**
 * `GET /v1/videos/<product>/<task id or external id>`: the legacy task object, or Kling's
 * "not found" (400, 1201) for an id this token did not create.
 */
export async function readLegacyTask(
  context: GatewayContext,
  token: TokenConfig,
  idOrExternalId: string,
  requestId: string,
): Promise<KlingReply> {
  let found = await ownedTask(context, token, idOrExternalId);
  if (!found) {
    const taskId = await context.store.taskIdByExternalId(token.name, idOrExternalId);
    found = taskId === undefined ? undefined : await ownedTask(context, token, taskId);
  }
  audit(context, token, idOrExternalId, found);
  if (!found) return klingRefusal(requestId, 1201, `Task not found by id/external id: ${idOrExternalId.slice(0, 128)}`);
  return klingData(requestId, legacyRecord(await recordView(context, found)));
}

type Owned = GatewayTask & { owner: NonNullable<GatewayTask['owner']>; state: NonNullable<GatewayTask['state']> };

async function ownedTask(context: GatewayContext, token: TokenConfig, id: string): Promise<Owned | undefined> {
  const task = await context.store.getTask(id);
  if (task.owner?.token !== token.name || task.state === undefined) return undefined;
  return task as Owned;
}

/**
 * The task as its owner sees it: its own external id, and the stored copies' URLs. A succeeded task
 * whose videos are still being copied reads as processing, so the URL a client keeps is the
 * lasting one (Kling deletes its files after 30 days).
 */
export async function recordView(context: GatewayContext, task: Owned): Promise<RecordView> {
  const urls = new Map<string, string>();
  const serveStored = context.config.serveStoredUrls && context.storage !== undefined;
  if (serveStored && task.videos) {
    for (const video of task.videos) urls.set(video.videoId, await context.storage!.urlFor(video.key));
  }
  const storing = serveStored && task.state.status === 'succeeded' && task.state.videos.length > 0 && task.videos === undefined;
  const state = storing ? { ...task.state, status: 'running' as const, klingStatus: 'processing' } : task.state;
  return { task: state, externalTaskId: task.owner.externalTaskId, videoUrl: (videoId, klingUrl) => urls.get(videoId) ?? klingUrl };
}

function audit(context: GatewayContext, token: TokenConfig, id: string, found: Owned | undefined): void {
  context.audit.record({
    event: 'read',
    token: token.name,
    outcome: found ? 'ok' : 'not-found',
    ...(found
      ? { taskId: found.owner.id, model: found.owner.model, status: found.state.status, externalTaskId: found.owner.externalTaskId }
      : { detail: `no task of this token with id ${id.slice(0, 128)}` }),
  });
}

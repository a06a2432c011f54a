import { productFromLegacySegment } from '../../core/catalog/index.js';
import { invalidParameter } from '../http/kling-failure.js';
import { klingData, type HandlerContext, type Reply } from '../http/types.js';
import { legacyRecord } from '../records/legacy.js';

/**
 * `GET /v1/videos/<product>/<task id or external id>`: one task in the legacy shape. Only found
 * under the product it was created for; otherwise Kling's 400/1201 "Task not found".
 */
export function readLegacyTask(context: HandlerContext): Reply {
  const { engine } = context;
  const product = productFromLegacySegment(context.params.segment ?? '');
  const id = decodeURIComponent(context.params.id ?? '');
  const accountId = context.caller!.account.id;
  engine.catchUp();
  const task = engine.tasks.byId(accountId, id) ?? engine.tasks.byExternalId(accountId, id);
  if (!task || task.product !== product) throw invalidParameter(`Task not found by id/external id: ${id}`);
  return klingData(legacyRecord(task, engine.baseUrl));
}

/** `GET /v1/videos/<product>?pageNum=1&pageSize=30`: the account's tasks of that product, newest first. */
export function listLegacyTasks(context: HandlerContext): Reply {
  const { engine } = context;
  const product = productFromLegacySegment(context.params.segment ?? '');
  const pageNum = pageParameter(context.query, 'pageNum', 1, 1, 1_000_000);
  const pageSize = pageParameter(context.query, 'pageSize', 30, 1, 500);
  engine.catchUp();
  const tasks = engine.tasks.ofAccount(context.caller!.account.id).filter((task) => task.product === product);
  const page = tasks.slice((pageNum - 1) * pageSize, pageNum * pageSize);
  return klingData(page.map((task) => legacyRecord(task, engine.baseUrl)));
}

function pageParameter(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const text = query.get(name);
  if (text === null || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidParameter(`${name}: '${text}' is not allowed (allowed: whole numbers from ${min} to ${max})`);
  }
  return value;
}

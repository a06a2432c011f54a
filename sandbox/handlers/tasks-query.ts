import { invalidParameter } from '../http/kling-failure.js';
import { klingData, type HandlerContext, type Reply } from '../http/types.js';
import { newStandardRecord } from '../records/new-standard.js';

export const MAX_IDS_PER_QUERY = 20;

/**
 * `GET /tasks?task_ids=a,b` or `?external_task_ids=x,y`: up to 20 tasks of the account, whichever
 * standard created them, in the new shape. Unknown ids are left out (an empty list is a 200).
 */
export function queryTasks(context: HandlerContext): Reply {
  const taskIds = context.query.get('task_ids');
  const externalIds = context.query.get('external_task_ids');
  if (taskIds !== null && externalIds !== null) {
    throw invalidParameter('task_ids and external_task_ids cannot be used together (use one of them)');
  }
  if (taskIds === null && externalIds === null) throw invalidParameter('task_ids or external_task_ids is required');
  const field = taskIds !== null ? 'task_ids' : 'external_task_ids';
  const ids = [
    ...new Set(
      (taskIds ?? externalIds ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== ''),
    ),
  ];
  if (ids.length > MAX_IDS_PER_QUERY) {
    throw invalidParameter(`${field}: ${ids.length} ids is more than allowed (allowed: at most ${MAX_IDS_PER_QUERY} per query)`);
  }
  const { engine } = context;
  const account = context.caller!.account;
  engine.catchUp();
  const records = ids
    .map((id) => (taskIds !== null ? engine.tasks.byId(account.id, id) : engine.tasks.byExternalId(account.id, id)))
    .filter((task) => task !== undefined)
    .map((task) => newStandardRecord(task, engine.baseUrl));
  return klingData(records);
}

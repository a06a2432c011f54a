import { CallbackDeduper } from '../../core/index.js';

const dedupers = new Map<string, CallbackDeduper>();

/** One memory of statuses seen per trigger node (workflow + node), for this n8n process. */
export function deduperFor(workflowId: string | undefined, nodeId: string): CallbackDeduper {
  const key = `${workflowId ?? ''}\n${nodeId}`;
  let deduper = dedupers.get(key);
  if (!deduper) {
    deduper = new CallbackDeduper({ maxIds: 5_000 });
    dedupers.set(key, deduper);
  }
  return deduper;
}

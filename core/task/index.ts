export { encodeHandle, parseTaskRef, isTaskId, type HandleParts, type TaskRef } from './handle.js';
export {
  normalizeNewRecord,
  normalizeLegacyRecord,
  normalizeRecord,
  normalizeCreateReply,
  detectRecordShape,
  type KnownTaskFacts,
} from './normalize.js';
export { FINAL_STATUSES, isFinal, type Task, type TaskStatus, type TaskVideo } from './types.js';

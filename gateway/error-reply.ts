import { KlingError } from '../core/index.js';
import { klingRefusal, type KlingReply } from './kling-reply.js';

/** How the gateway answers an error of the engine, in Kling's codes, so any Kling client reacts as it would to Kling. */
export function errorReply(requestId: string, error: unknown): KlingReply {
  if (!(error instanceof KlingError)) return klingRefusal(requestId, 5000, 'internal error in the gateway');
  const message = withoutKlingPrefix(error.message);
  if (error.taskMayExist) {
    const how = error.externalTaskId === undefined ? '' : ': look it up by its external_task_id before creating it again';
    return klingRefusal(requestId, 5000, `the create could not be confirmed; a task may exist${how}`);
  }
  switch (error.kind) {
    case 'invalid':
    case 'policy':
    case 'permission':
    case 'rate':
    case 'balance':
      return klingRefusal(requestId, error.code ?? (error.kind === 'rate' ? 1302 : error.kind === 'permission' ? 1103 : 1201), message);
    case 'concurrency':
      return klingRefusal(requestId, 1303, message);
    case 'budget':
      // A token's budget, as Kling answers a pack used up: final, not retried.
      return klingRefusal(requestId, 1102, message);
    case 'auth':
      // The gateway's own Kling credentials were refused: the client's token is fine.
      return klingRefusal(requestId, 1100, "the gateway's Kling credentials were refused; its operator must fix them. Nothing was created");
    case 'unavailable':
      return klingRefusal(requestId, 5001, message);
    case 'timeout':
      return klingRefusal(requestId, 5002, message);
    default:
      return klingRefusal(requestId, error.code !== undefined && error.code >= 5000 ? error.code : 5000, message);
  }
}

/** `Kling 1301 (content safety triggered): <Kling's words>` → Kling's words, as Kling sent them. */
function withoutKlingPrefix(message: string): string {
  return message.replace(/^Kling \d+ \([^)]*\): /, '');
}

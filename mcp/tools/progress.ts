import type { ServerContext } from '@modelcontextprotocol/server';
import type { Progress } from '../../core/index.js';

/**
 * Turns the core's wait progress into `notifications/progress` for the calling request, when the
 * client asked for them (sent a progressToken). `progress` counts percent of the typical time
 * and only ever increases, as the protocol requires; 100 means the task ended.
 */
export function progressNotifier(ctx: ServerContext): ((progress: Progress) => void) | undefined {
  const token = ctx.mcpReq._meta?.progressToken;
  if (token === undefined) return undefined;
  let last = -1;
  return (progress) => {
    const percent = Math.floor(progress.fraction * 100);
    if (percent <= last) return;
    last = percent;
    const message = percent >= 100 ? `task ${progress.status}` : `task ${progress.status}, about ${percent}% of the typical time`;
    ctx.mcpReq
      .notify({ method: 'notifications/progress', params: { progressToken: token, progress: percent, total: 100, message } })
      .catch(() => {
        // The client went away; the wait ends with the request.
      });
  };
}

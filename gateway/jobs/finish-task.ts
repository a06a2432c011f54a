import { isFinal } from '../../core/index.js';
import type { GatewayContext } from '../gateway-context.js';
import type { Job } from '../store/gateway-store.js';
import type { JobOutcome } from './job-runner.js';

/** The owner of a task that ended before its create was recorded is waited for this many times. */
const OWNER_WAITS = 40;

/**
 * What happens once when a task ends (the replica that saw it end adds this job): its units are
 * counted for its token and audited, then its videos are queued for storage, or its callback for
 * delivery.
 */
export async function finishTask(context: GatewayContext, job: Job): Promise<JobOutcome> {
  const { owner, state } = await context.store.getTask(job.taskId);
  if (!owner) {
    // The task ended while its create was still being recorded (a fast task, another replica).
    if (job.attempts < OWNER_WAITS) return { retryInMs: 250 };
    context.log('warn', 'a task ended that no token created through this gateway', { task: job.taskId });
    return { done: true };
  }
  if (!state || !isFinal(state.status)) return { done: true };
  const units = state.status === 'failed' ? 0 : (state.costUnits ?? 0);
  context.metrics.unitsSpent(owner.token, units);
  context.audit.record({
    event: 'task-end',
    token: owner.token,
    outcome: state.status,
    model: owner.model,
    units,
    taskId: owner.id,
    externalTaskId: owner.externalTaskId,
  });
  const next =
    state.status === 'succeeded' && context.storage !== undefined && state.videos.length > 0
      ? ({ id: `store:${owner.id}`, kind: 'store' } as const)
      : owner.callbackUrl !== undefined
        ? ({ id: `deliver:${owner.id}`, kind: 'deliver' } as const)
        : undefined;
  if (next) {
    await context.store.addJob({ ...next, taskId: owner.id }, Date.now());
    context.wakeJobs();
  }
  return { done: true };
}

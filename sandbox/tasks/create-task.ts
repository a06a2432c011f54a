import type { Standard } from '../../core/catalog/types.js';
import type { ValidRequest } from '../../core/request/validate.js';
import { concurrencyLimit, type Account } from '../accounts/account.js';
import { round, type Engine } from '../engine.js';
import { invalidParameter, KlingFailure } from '../http/kling-failure.js';
import { GENERATION_FAILURE_MESSAGE } from './lifecycle.js';
import { requestedSeconds, unitsFor } from './price.js';
import type { SandboxTask } from './task.js';

const MAX_EXTENDED_SECONDS = 180;

/**
 * Creates a task as Kling does once a request is valid: a duplicate external id, an empty pack or
 * a full concurrency pool refuses it (and nothing is created or charged); otherwise the units are
 * reserved, the slot taken and the lifecycle started.
 */
export function createTask(engine: Engine, account: Account, request: ValidRequest, standard: Standard): SandboxTask {
  engine.catchUp();
  engine.stats.createAttempt(request.externalTaskId);
  if (account.deniedModels.has(request.model)) {
    throw new KlingFailure(1103, `No permission to use model ${request.model} with this account`);
  }
  if (request.externalTaskId !== undefined && engine.tasks.byExternalId(account.id, request.externalTaskId)) {
    engine.stats.duplicateRefused();
    throw invalidParameter(`external_task_id '${request.externalTaskId}' already exists`);
  }
  const parent = request.product === 'video-extend' ? parentVideo(engine, account, request.videoId ?? '') : undefined;
  const units = unitsFor(request);
  if (account.remainingUnits < units) {
    throw new KlingFailure(1102, `Resource pack exhausted: this task needs ${units} units and ${round(account.remainingUnits)} remain`);
  }
  if (engine.slots.active(account.id, request.model) >= concurrencyLimit(account, request.model)) {
    engine.slots.refused(account.id, request.model);
    throw new KlingFailure(1303, 'parallel task over resource pack limit');
  }

  const createdAt = Math.round(engine.clock.now());
  const failure = account.failureRandom() < (account.faults.taskFailure ?? 0) ? GENERATION_FAILURE_MESSAGE : undefined;
  if (failure) engine.stats.fault('taskFailure');
  const seconds = requestedSeconds(request, parent?.seconds);
  const task: SandboxTask = {
    seq: engine.tasks.size,
    id: engine.ids.next(),
    accountId: account.id,
    standard,
    product: request.product,
    model: request.model,
    request,
    externalTaskId: request.externalTaskId,
    callbackUrl: request.callbackUrl,
    watermark: request.watermark === true,
    createdAt,
    updatedAt: createdAt,
    status: 'submitted',
    message: '',
    units,
    video: { id: engine.ids.next(), seconds, duration: (seconds + 0.021 + Math.floor(engine.durationJitter() * 50) / 1000).toFixed(3) },
    ...(parent ? { parentVideo: { id: parent.id, duration: parent.duration } } : {}),
    plan: engine.lifecycle.plan(request, createdAt, failure),
  };
  engine.tasks.add(task);
  engine.slots.take(account.id, request.model);
  account.remainingUnits = round(account.remainingUnits - units);
  engine.stats.taskCreated(request.externalTaskId);
  engine.changed(task);
  engine.lifecycle.track(task);
  return task;
}

function parentVideo(engine: Engine, account: Account, videoId: string): SandboxTask['video'] {
  const source = engine.tasks.byVideoId(videoId);
  if (!source || source.accountId !== account.id || source.status !== 'succeeded') {
    throw invalidParameter(`video_id: no generated video '${videoId}' on this account`);
  }
  if (source.video.seconds + 4.5 > MAX_EXTENDED_SECONDS) {
    throw invalidParameter(
      `video_id: the video is already ${source.video.duration} s long (extended videos end at ${MAX_EXTENDED_SECONDS} s)`,
    );
  }
  return source.video;
}

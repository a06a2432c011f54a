import { estimate } from '../../core/estimate.js';
import type { ValidRequest } from '../../core/request/validate.js';

/**
 * Length assumed for a motion-control output when the request does not say how long the motion
 * video is (the sandbox cannot download it): billed and rendered as this many seconds.
 */
export const MOTION_REFERENCE_SECONDS = 5;

/** Units a task is charged, from the catalog's prices (core/estimate.ts). */
export function unitsFor(request: ValidRequest): number {
  const priced =
    request.product === 'motion-control' && request.motionVideoSeconds === undefined
      ? estimate({ ...request, motionVideoSeconds: MOTION_REFERENCE_SECONDS })
      : estimate(request);
  return priced.units ?? 0;
}

/** Seconds of video a request asks for, before Kling's few extra milliseconds. */
export function requestedSeconds(request: ValidRequest, parentSeconds?: number): number {
  if (request.product === 'motion-control') return request.motionVideoSeconds ?? MOTION_REFERENCE_SECONDS;
  if (request.product === 'video-extend') return (parentSeconds ?? 0) + 4.5;
  return request.duration ?? 5;
}

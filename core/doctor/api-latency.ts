import type { Check } from './types.js';

const NAME = 'api';

/** Above this median round trip the check warns (a create and a few polls still work, slowly). */
export const SLOW_ROUND_TRIP_MS = 1_500;

/** The API answers, with Kling's envelope, and how fast (median of a few unauthenticated reads). */
export const checkApiLatency: Check = async (context) => {
  const probe = await context.probe();
  if (probe.samples.length === 0) {
    return {
      name: NAME,
      status: 'fail',
      detail: `${context.baseUrl} is unreachable: ${probe.failure ?? 'no answer'}`,
      hint: 'Check the network, a proxy (HTTPS_PROXY) and KLING_BASE_URL / KLING_REGION.',
    };
  }
  const times = probe.samples.map((sample) => sample.roundTripMs).sort((a, b) => a - b);
  const median = Math.round(times[Math.floor(times.length / 2)] as number);
  const data = { medianMs: median, samplesMs: times.map(Math.round), httpStatus: probe.samples[0]?.httpStatus };
  const answered = `${context.baseUrl} answered in ${median} ms (median of ${times.length})`;
  if (!probe.samples.some((sample) => sample.envelope)) {
    return {
      name: NAME,
      status: 'warn',
      detail: `${answered}, but not with Kling's JSON envelope (HTTP ${data.httpStatus})`,
      hint: 'A proxy or a wrong base URL may be answering: check KLING_BASE_URL.',
      data,
    };
  }
  if (median > SLOW_ROUND_TRIP_MS) {
    return {
      name: NAME,
      status: 'warn',
      detail: `${answered}: slow`,
      hint: 'Expect slow creates and reads; raise requestTimeoutMs if requests time out.',
      data,
    };
  }
  return { name: NAME, status: 'pass', detail: answered, data };
};

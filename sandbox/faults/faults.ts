import { z } from 'zod';
import type { Random } from '../random/prng.js';

const rate = z.number().min(0).max(1);

/**
 * Faults injected into one account's traffic, as fractions of requests (0–1), drawn from the
 * account's seeded stream. Request faults are exclusive: one draw picks at most one of them.
 */
export const faultsSchema = z
  .object({
    /** HTTP 500, code 5000. Nothing is created. */
    internalError: rate.optional(),
    /** HTTP 503, code 5001. Nothing is created. */
    maintenance: rate.optional(),
    /** HTTP 504, code 5002. Nothing is created. */
    internalTimeout: rate.optional(),
    /** HTTP 429, code 1302. */
    tooManyRequests: rate.optional(),
    /** The connection is destroyed before any reply. Nothing is created. */
    dropConnection: rate.optional(),
    /** Creates only: the task is created, then the connection is destroyed instead of replying. */
    lostCreateReply: rate.optional(),
    /** Milliseconds added before replying (real time, not scaled). */
    latencyMs: z.number().min(0).max(60_000).optional(),
    /** Fraction of requests that get the latency; 1 when latencyMs is set and this is not. */
    latencyRate: rate.optional(),
    /** Fraction of created tasks that fail during generation (a server-side failure message). */
    taskFailure: rate.optional(),
    /** Which requests the request faults apply to. */
    scope: z.enum(['all', 'creates', 'reads']).optional(),
  })
  .strict()
  .refine(
    (faults) =>
      (faults.internalError ?? 0) +
        (faults.maintenance ?? 0) +
        (faults.internalTimeout ?? 0) +
        (faults.tooManyRequests ?? 0) +
        (faults.dropConnection ?? 0) +
        (faults.lostCreateReply ?? 0) <=
      1,
    { message: 'the request fault rates add up to more than 1' },
  );

export type Faults = z.infer<typeof faultsSchema>;

export type FaultKind = 'internalError' | 'maintenance' | 'internalTimeout' | 'tooManyRequests' | 'dropConnection' | 'lostCreateReply';

/** The Kling code each reply fault answers with. */
export const FAULT_CODES = {
  internalError: 5000,
  maintenance: 5001,
  internalTimeout: 5002,
  tooManyRequests: 1302,
} as const;

const ORDER: readonly FaultKind[] = [
  'internalError',
  'maintenance',
  'internalTimeout',
  'tooManyRequests',
  'dropConnection',
  'lostCreateReply',
];

export interface FaultDraw {
  kind: FaultKind | undefined;
  latencyMs: number;
}

/** What happens to one request. Always consumes two draws, so a configuration replays exactly. */
export function drawFault(faults: Faults, random: Random, request: { isCreate: boolean }): FaultDraw {
  const latencyDraw = random();
  const kindDraw = random();
  const latencyMs = faults.latencyMs && latencyDraw < (faults.latencyRate ?? 1) ? faults.latencyMs : 0;
  const scope = faults.scope ?? 'all';
  if ((scope === 'creates' && !request.isCreate) || (scope === 'reads' && request.isCreate)) return { kind: undefined, latencyMs };
  let threshold = 0;
  for (const kind of ORDER) {
    threshold += faults[kind] ?? 0;
    if (kindDraw < threshold) {
      if (kind === 'lostCreateReply' && !request.isCreate) break;
      return { kind, latencyMs };
    }
  }
  return { kind: undefined, latencyMs };
}

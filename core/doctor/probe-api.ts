import { EnvHttpProxyAgent, request } from 'undici';

/** One unauthenticated round trip to the API. */
export interface ProbeSample {
  /** Local clock when the request left and when the answer was read (ms since epoch). */
  sentAt: number;
  receivedAt: number;
  roundTripMs: number;
  httpStatus: number;
  /** The server's `Date` header. */
  date: string | undefined;
  /** Whether the body was Kling's `{code, message, …}` envelope. */
  envelope: boolean;
}

export interface ApiProbe {
  url: string;
  samples: ProbeSample[];
  /** Why the API could not be reached, when no sample came back. */
  failure: string | undefined;
}

/**
 * Asks the API a few times, without credentials, for something every Kling host answers (a 401
 * envelope on `/account/costs`): reachability, round-trip time and the server's clock, with no
 * secret sent and nothing charged.
 */
export async function probeApi(
  baseUrl: string,
  options: { samples?: number; timeoutMs: number; signal?: AbortSignal; now?: () => number },
): Promise<ApiProbe> {
  const url = `${baseUrl}/account/costs`;
  const now = options.now ?? Date.now;
  const dispatcher = new EnvHttpProxyAgent({ keepAliveTimeout: 5_000 });
  const samples: ProbeSample[] = [];
  let failure: string | undefined;
  try {
    for (let attempt = 0; attempt < (options.samples ?? 3); attempt += 1) {
      const deadline = AbortSignal.timeout(options.timeoutMs);
      const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
      const sentAt = now();
      const started = performance.now();
      try {
        const response = await request(url, { method: 'GET', dispatcher, signal, headers: { accept: 'application/json' } });
        const text = await response.body.text();
        const roundTripMs = performance.now() - started;
        const date = response.headers['date'];
        samples.push({
          sentAt,
          receivedAt: now(),
          roundTripMs,
          httpStatus: response.statusCode,
          date: Array.isArray(date) ? date[0] : date,
          envelope: isEnvelope(text),
        });
      } catch (error) {
        failure = deadline.aborted ? `no answer within ${options.timeoutMs} ms` : reason(error);
        if (options.signal?.aborted) break;
      }
    }
  } finally {
    await dispatcher.close();
  }
  return { url, samples, failure: samples.length > 0 ? undefined : failure };
}

function isEnvelope(text: string): boolean {
  try {
    const value = JSON.parse(text) as { code?: unknown };
    return typeof value === 'object' && value !== null && typeof value.code === 'number';
  } catch {
    return false;
  }
}

function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
}

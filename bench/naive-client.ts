/**
 * The baseline: what people glue together by hand. One create per job with a fixed retry on 1303,
 * then per-task polling at a fixed interval. No scheduler, no batching. Plain fetch.
 */
export interface NaiveOptions {
  baseUrl: string;
  apiKey: string;
  pollIntervalMs: number;
  retryAfter1303Ms: number;
}

export interface NaiveOutcome {
  id: string;
  status: string;
  /** When the caller learned the task ended (ms since epoch). */
  knownAt: number;
  /** When the API says it ended (`update_time`). */
  endedAt: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function call(options: NaiveOptions, method: string, path: string, body?: unknown): Promise<{ code: number; data: unknown }> {
  const response = await fetch(options.baseUrl + path, {
    method,
    headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await response.json()) as { code: number; data: unknown };
}

export async function naiveJob(options: NaiveOptions, prompt: string): Promise<NaiveOutcome> {
  let id: string | undefined;
  while (!id) {
    const reply = await call(options, 'POST', '/text-to-video/kling-3.0-turbo', { prompt, settings: { duration: 5 } });
    if (reply.code === 0) id = (reply.data as { id: string }).id;
    else if (reply.code === 1303) await sleep(options.retryAfter1303Ms);
    else throw new Error(`create failed with code ${reply.code}`);
  }
  for (;;) {
    await sleep(options.pollIntervalMs);
    const reply = await call(options, 'GET', `/tasks?task_ids=${id}`);
    const record = (reply.data as { status: string; update_time: number }[] | undefined)?.[0];
    if (record && (record.status === 'succeeded' || record.status === 'failed')) {
      return { id, status: record.status, knownAt: Date.now(), endedAt: record.update_time };
    }
  }
}

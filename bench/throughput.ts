/**
 * 500 text-to-video jobs at concurrency 5 against the sandbox in fast-clock mode, run with this
 * project's client and with a naive baseline in the same run. Prints, for both: makespan ÷ ideal
 * makespan, API requests per finished task, 1303 replies, and the p95 delay between a task ending
 * in the sandbox and the caller knowing. Never pass/fail: ratios to read.
 *
 *   npm run bench                      # 500 jobs
 *   BENCH_JOBS=100 npm run bench       # a quicker look
 */
import { KlingClient } from '../core/index.js';
import { DEMO_API_KEY, startSandbox } from '../sandbox/index.js';
import { naiveJob, type NaiveOutcome } from './naive-client.js';

const JOBS = Number(process.env.BENCH_JOBS ?? 500);
const CONCURRENCY = 5;
const TIME_SCALE = Number(process.env.BENCH_TIME_SCALE ?? 0.004);
/** kling-3.0-turbo's typical seconds in the catalog. */
const TYPICAL_SECONDS = 35;
/** A hand-made loop polls every 5 s and retries a 1303 after 1 s, scaled like the sandbox clock. */
const NAIVE_POLL_MS = 5_000 * TIME_SCALE;
const NAIVE_1303_MS = 1_000 * TIME_SCALE;

interface Row {
  name: string;
  makespanMs: number;
  finished: number;
  requests: number;
  refusals1303: number;
  delays: number[];
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

async function runClient(): Promise<Row> {
  const sandbox = await startSandbox({ port: 0, timeScale: TIME_SCALE, seed: 7, concurrency: CONCURRENCY, quiet: true });
  const client = new KlingClient({
    auth: { type: 'apiKey', apiKey: DEMO_API_KEY },
    baseUrl: sandbox.url,
    concurrency: CONCURRENCY,
    poll: { scale: TIME_SCALE },
    concurrencyBackoffMs: 1_000 * TIME_SCALE,
  });
  const started = Date.now();
  const delays: number[] = [];
  let finished = 0;
  await Promise.all(
    Array.from({ length: JOBS }, async (_, index) => {
      const { result } = await client.generate({ model: 'kling-3.0-turbo', prompt: `bench job ${index}`, duration: 5 });
      if (result.done) {
        finished += 1;
        delays.push(Date.now() - (result.task.updatedAt ?? Date.now()));
      }
    }),
  );
  const makespanMs = Date.now() - started;
  const stats = sandbox.stats();
  await client.close();
  await sandbox.stop();
  return { name: 'kling client', makespanMs, finished, requests: stats.requests.total, refusals1303: stats.requests.byCode['1303'] ?? 0, delays };
}

async function runNaive(): Promise<Row> {
  const sandbox = await startSandbox({ port: 0, timeScale: TIME_SCALE, seed: 7, concurrency: CONCURRENCY, quiet: true });
  const options = { baseUrl: sandbox.url, apiKey: DEMO_API_KEY, pollIntervalMs: NAIVE_POLL_MS, retryAfter1303Ms: NAIVE_1303_MS };
  const started = Date.now();
  const outcomes: NaiveOutcome[] = await Promise.all(Array.from({ length: JOBS }, (_, index) => naiveJob(options, `bench job ${index}`)));
  const makespanMs = Date.now() - started;
  const stats = sandbox.stats();
  await sandbox.stop();
  return {
    name: 'naive baseline',
    makespanMs,
    finished: outcomes.length,
    requests: stats.requests.total,
    refusals1303: stats.requests.byCode['1303'] ?? 0,
    delays: outcomes.map((outcome) => outcome.knownAt - outcome.endedAt),
  };
}

function print(rows: Row[]): void {
  const idealMs = Math.ceil(JOBS / CONCURRENCY) * TYPICAL_SECONDS * 1000 * TIME_SCALE;
  console.log(`${JOBS} text-to-video jobs, concurrency ${CONCURRENCY}, time scale ${TIME_SCALE} (ideal makespan ${(idealMs / 1000).toFixed(1)} s)`);
  console.log('');
  const header = ['', 'makespan/ideal', 'requests/task', '1303 replies', 'p95 end→known (ms)', 'finished'];
  const lines = rows.map((row) => [
    row.name,
    (row.makespanMs / idealMs).toFixed(2),
    (row.requests / Math.max(1, row.finished)).toFixed(2),
    String(row.refusals1303),
    percentile(row.delays, 0.95).toFixed(0),
    `${row.finished}/${JOBS}`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] as string).length)));
  for (const line of [header, ...lines]) console.log(line.map((cell, column) => cell.padEnd(widths[column] as number)).join('  '));
  const [ours, naive] = rows as [Row, Row];
  console.log('');
  console.log(
    `ratios (naive ÷ client): requests/task ${(naive.requests / naive.finished / (ours.requests / ours.finished)).toFixed(1)}×, ` +
      `1303 replies ${ours.refusals1303 === 0 ? `${naive.refusals1303} vs 0` : (naive.refusals1303 / ours.refusals1303).toFixed(1) + '×'}, ` +
      `makespan ${(naive.makespanMs / ours.makespanMs).toFixed(2)}×`,
  );
}

const rows = [await runClient(), await runNaive()];
print(rows);

/**
 * The throughput benchmark: `--jobs` text-to-video tasks at concurrency `--concurrency`, done three
 * ways, each against a fresh sandbox in a process of its own (same seed, so every row gets the same
 * task durations in creation order):
 *
 *   polling    this project's client, following tasks by batched polls;
 *   callbacks  the same client with a callback URL: the sandbox calls back, signed with a webhook
 *              secret, and a real HTTP receiver in this process feeds `client.ingestCallback`;
 *   naive      a hand-made loop (naive-client.ts), in a process of its own.
 *
 * Prints ratios measured in the same run, never pass/fail: makespan ÷ the achievable bound (from
 * the sandbox's actual task durations, see makespan-bound.ts), API requests per task, 1303 replies,
 * and the p95 delay from a task's end in the sandbox to the caller knowing, in ms and ÷ the mean
 * generation time. docs/benchmark.md explains each figure.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { KlingClient, typicalGenerationSeconds } from '../core/index.js';
import { DEMO_API_KEY } from '../sandbox/index.js';
import { benchClientConfig } from './bench-client.js';
import { startCallbackReceiver, type CallbackReceiver } from './callback-receiver.js';
import { numberFlag, runMain, UsageError } from './flags.js';
import { listScheduleMakespan, makespanLowerBound } from './makespan-bound.js';
import type { NaiveResult, NaiveRun } from './naive-process.js';
import { forJson, mean, median, percentile } from './statistics.js';
import { runScript, startSandboxProcess, type SandboxProcess } from './processes.js';
import { printTable } from './table.js';

const USAGE = `Usage: npm run bench -- [options]

  --jobs N          text-to-video tasks per row (default 200)
  --concurrency C   tasks running at once, the sandbox account's limit (default 5)
  --scale F         sandbox time scale: a 5 s kling-3.0-turbo video takes about 35 s × F (default 0.05)
  --runs N          repeat the whole run N times; report min and median (default 1)
  --rows LIST       some of polling,callbacks,naive (default all three)
  --seed N          the sandbox seed (default 7)
  --json            end with one line of JSON: {"polling": R, "callbacks": R, "naive": R} (medians)`;

const ROWS = ['polling', 'callbacks', 'naive'] as const;
type RowName = (typeof ROWS)[number];
const MODEL = 'kling-3.0-turbo';
const VIDEO_SECONDS = 5;

interface Settings {
  jobs: number;
  concurrency: number;
  scale: number;
  runs: number;
  rows: RowName[];
  seed: number;
  json: boolean;
}

/** What a row's caller saw: its makespan, and when it learned that each task ended. */
interface Observed {
  makespanMs: number;
  known: Map<string, number>;
  refusedCallbacks: number;
}

/** One row of one run. The first five are the JSON's `R`. */
interface Figures {
  makespanRatio: number;
  requestsPerTask: number;
  replies1303: number;
  p95Ms: number;
  p95Ratio: number;
  idealRatio: number;
  listScheduleRatio: number;
  peakRunning: number;
  finished: number;
  boundMs: number;
  listScheduleMs: number;
  meanGenerationMs: number;
  refusedCallbacks: number;
}

const JSON_FIGURES = ['makespanRatio', 'requestsPerTask', 'replies1303', 'p95Ms', 'p95Ratio'] as const;

function readSettings(argv: string[]): Settings {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      jobs: { type: 'string' },
      concurrency: { type: 'string' },
      scale: { type: 'string' },
      runs: { type: 'string' },
      rows: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const rows = (values.rows ?? ROWS.join(',')).split(',').map((row) => row.trim());
  const unknown = rows.filter((row) => !(ROWS as readonly string[]).includes(row));
  if (unknown.length > 0 || rows.length === 0) throw new UsageError(`--rows ${values.rows}: expected some of ${ROWS.join(',')}`);
  return {
    jobs: numberFlag(values.jobs, 'jobs', 200, { integer: true, min: 1, max: 100_000 }),
    concurrency: numberFlag(values.concurrency, 'concurrency', 5, { integer: true, min: 1, max: 1_000 }),
    scale: numberFlag(values.scale, 'scale', 0.05, { min: 0.001, max: 10 }),
    runs: numberFlag(values.runs, 'runs', 1, { integer: true, min: 1, max: 100 }),
    rows: ROWS.filter((row) => rows.includes(row)),
    seed: numberFlag(values.seed, 'seed', 7, { integer: true, min: 0 }),
    json: values.json === true,
  };
}

const jobRequest = (index: number) => ({ model: MODEL, prompt: `bench job ${index}`, duration: VIDEO_SECONDS });

/** This project's client in this process, with or without callbacks. */
async function clientRow(settings: Settings, sandboxFor: (webhookSecret?: string) => Promise<SandboxProcess>, callbacks: boolean) {
  const webhookSecret = callbacks ? `whsec_${randomBytes(32).toString('base64')}` : undefined;
  const sandbox = await sandboxFor(webhookSecret);
  let receiver: CallbackReceiver | undefined;
  let client: KlingClient | undefined;
  try {
    if (callbacks) receiver = await startCallbackReceiver((body, headers) => (client as KlingClient).ingestCallback(body, headers));
    const running = new KlingClient({
      ...benchClientConfig(sandbox.url, settings.concurrency, settings.scale),
      ...(receiver && webhookSecret ? { callbackUrl: receiver.url, webhookSecrets: [webhookSecret] } : {}),
    });
    client = running;
    const known = new Map<string, number>();
    const started = Date.now();
    await Promise.all(
      Array.from({ length: settings.jobs }, async (_, index) => {
        const { created, result } = await running.generate(jobRequest(index));
        if (!result.done) throw new Error(`task ${created.handle} did not end: ${result.reason}`);
        known.set(created.task.id, Date.now());
      }),
    );
    const observed: Observed = { makespanMs: Date.now() - started, known, refusedCallbacks: receiver?.refused ?? 0 };
    return await figuresOf(settings, sandbox, observed);
  } finally {
    await client?.close();
    await receiver?.close();
    await sandbox.stop();
  }
}

/** The hand-made loop, in a process of its own. */
async function naiveRow(settings: Settings, sandboxFor: () => Promise<SandboxProcess>) {
  const sandbox = await sandboxFor();
  try {
    const input: NaiveRun = {
      baseUrl: sandbox.url,
      apiKey: DEMO_API_KEY,
      jobs: settings.jobs,
      // Polls every 5 s and retries a 1303 after 1 s, scaled like the sandbox clock.
      pollIntervalMs: 5_000 * settings.scale,
      retryAfter1303Ms: 1_000 * settings.scale,
    };
    const result = await runScript<NaiveResult>('./naive-process.ts', input);
    return await figuresOf(settings, sandbox, { makespanMs: result.makespanMs, known: new Map(result.known), refusedCallbacks: 0 });
  } finally {
    await sandbox.stop();
  }
}

/** The row's figures, from what its caller saw and what the sandbox counted. */
async function figuresOf(settings: Settings, sandbox: SandboxProcess, observed: Observed): Promise<Figures> {
  const [stats, tasks] = await Promise.all([sandbox.stats(), sandbox.tasks()]);
  // The task list is in creation order: the order the sandbox drew the durations in.
  const durations = tasks.map((task) => task.generationMs);
  const delays = tasks.flatMap((task) => {
    const knownAt = observed.known.get(task.id);
    return knownAt !== undefined && task.endedAt !== undefined ? [knownAt - task.endedAt] : [];
  });
  const boundMs = makespanLowerBound(durations, settings.concurrency);
  const listScheduleMs = listScheduleMakespan(durations, settings.concurrency);
  const meanGenerationMs = mean(durations);
  const p95Ms = percentile(delays, 0.95);
  const finished = tasks.filter((task) => task.endedAt !== undefined).length;
  return {
    makespanRatio: observed.makespanMs / boundMs,
    requestsPerTask: stats.requests.total / Math.max(1, finished),
    replies1303: stats.requests.byCode['1303'] ?? 0,
    p95Ms,
    p95Ratio: p95Ms / meanGenerationMs,
    idealRatio: observed.makespanMs / idealMs(settings),
    listScheduleRatio: listScheduleMs / boundMs,
    peakRunning: Math.max(0, ...Object.values(stats.concurrency).map((pool) => pool.peak)),
    finished,
    boundMs,
    listScheduleMs,
    meanGenerationMs,
    refusedCallbacks: observed.refusedCallbacks,
  };
}

/** The simple ideal: full rounds of C tasks, each of the catalog's typical time. */
function idealMs(settings: Settings): number {
  return Math.ceil(settings.jobs / settings.concurrency) * typicalGenerationSeconds(MODEL, VIDEO_SECONDS) * 1000 * settings.scale;
}

async function runOnce(settings: Settings, run: number): Promise<Map<RowName, Figures>> {
  const sandboxFor = (webhookSecret?: string) =>
    startSandboxProcess({
      timeScale: settings.scale,
      seed: settings.seed,
      concurrency: settings.concurrency,
      ...(webhookSecret ? { webhookSecret } : {}),
    });
  const figures = new Map<RowName, Figures>();
  for (const row of settings.rows) {
    process.stderr.write(`run ${run}/${settings.runs}: ${row}…\n`);
    const measured = row === 'naive' ? await naiveRow(settings, sandboxFor) : await clientRow(settings, sandboxFor, row === 'callbacks');
    figures.set(row, measured);
    if (measured.finished !== settings.jobs)
      process.stderr.write(`warning: ${row}: ${measured.finished} of ${settings.jobs} tasks ended\n`);
    if (measured.refusedCallbacks > 0)
      process.stderr.write(`warning: ${row}: ${measured.refusedCallbacks} callbacks were refused by the client\n`);
  }
  return figures;
}

const fixed = (value: number, digits: number): string => value.toFixed(digits);
const CELLS: { title: string; cell: (figures: Figures) => number; digits: number }[] = [
  { title: 'makespan ÷ bound', cell: (f) => f.makespanRatio, digits: 3 },
  { title: '÷ ideal', cell: (f) => f.idealRatio, digits: 3 },
  { title: 'requests/task', cell: (f) => f.requestsPerTask, digits: 2 },
  { title: '1303 replies', cell: (f) => f.replies1303, digits: 0 },
  { title: 'p95 end→known ms', cell: (f) => f.p95Ms, digits: 0 },
  { title: 'p95 ÷ generation', cell: (f) => f.p95Ratio, digits: 3 },
  { title: 'peak running', cell: (f) => f.peakRunning, digits: 0 },
  { title: 'finished', cell: (f) => f.finished, digits: 0 },
];

function printRun(settings: Settings, figures: Map<RowName, Figures>, title: string): void {
  const any = [...figures.values()][0] as Figures;
  console.log(title);
  console.log(
    `  mean generation ${fixed(any.meanGenerationMs / 1000, 2)} s; simple ideal ${fixed(idealMs(settings) / 1000, 1)} s; ` +
      `achievable bound ${fixed(any.boundMs / 1000, 1)} s (lower bound from the actual durations); ` +
      `zero-delay list schedule ${fixed(any.listScheduleMs / 1000, 1)} s (${fixed(any.listScheduleRatio, 3)} × bound)`,
  );
  printTable(
    ['', ...CELLS.map((cell) => cell.title)],
    [...figures].map(([row, f]) => [row, ...CELLS.map((cell) => fixed(cell.cell(f), cell.digits))]),
  );
  console.log('');
}

function printSummary(settings: Settings, runs: Map<RowName, Figures>[]): void {
  console.log(`median of ${runs.length} runs (min in brackets)`);
  printTable(
    ['', ...CELLS.slice(0, 6).map((cell) => cell.title)],
    settings.rows.map((row) => {
      const all = runs.map((run) => run.get(row) as Figures);
      return [
        row,
        ...CELLS.slice(0, 6).map(
          (cell) => `${fixed(median(all.map(cell.cell)), cell.digits)} (${fixed(Math.min(...all.map(cell.cell)), cell.digits)})`,
        ),
      ];
    }),
  );
  console.log('');
}

/** `{"polling": R, "callbacks": R, "naive": R}`, each figure the median over the runs. */
function jsonLine(settings: Settings, runs: Map<RowName, Figures>[]): string {
  const result: Record<string, Record<string, number>> = {};
  for (const row of settings.rows) {
    const all = runs.map((run) => run.get(row) as Figures);
    result[row] = Object.fromEntries(JSON_FIGURES.map((name) => [name, forJson(median(all.map((figures) => figures[name])))]));
  }
  return JSON.stringify(result);
}

await runMain('npm run bench', USAGE, async () => {
  const settings = readSettings(process.argv.slice(2));
  console.log(
    `${settings.jobs} text-to-video jobs (${MODEL}, ${VIDEO_SECONDS} s) per row, concurrency ${settings.concurrency}, ` +
      `time scale ${settings.scale}, ${settings.runs} run${settings.runs > 1 ? 's' : ''}; each sandbox and the naive baseline in a process of its own`,
  );
  console.log('');
  const runs: Map<RowName, Figures>[] = [];
  for (let run = 1; run <= settings.runs; run += 1) {
    const figures = await runOnce(settings, run);
    runs.push(figures);
    printRun(settings, figures, settings.runs > 1 ? `run ${run}` : 'result');
  }
  if (settings.runs > 1) printSummary(settings, runs);
  if (settings.json) console.log(jsonLine(settings, runs));
});

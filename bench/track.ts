/**
 * The tracking benchmark: what following many tasks at once costs this project's client, measured
 * in this process through the public API (`core/index.ts`) against a sandbox in a process of its
 * own. The client follows tasks by polling (no callback URL). Three parts, each with a fresh
 * client and sandbox; docs/benchmark.md explains each figure.
 *
 *   1. Size and watch cost: the client tracks counts[0], counts[1], then counts[2] tasks at once,
 *      its polls pushed out of the way (nothing is read while this part runs). Heap and RSS per
 *      task, CPU per create, and the CPU of one watch at each count.
 *   2. A task's life at counts[1]: the tasks are tracked for one typical generation time, then
 *      all end at once (the sandbox's clock stands still until then). CPU per task to track them
 *      and to learn of their end; heap per task left afterwards.
 *   3. Read delay (the sandbox on a real clock): p95 from a task's end to the caller knowing with
 *      `--delay-tasks` tracked at once, with `--latency-ms` added to every request ÷ without.
 *   4. The CPU floor: the same HTTP exchanges with undici alone, as the bound for CPU: the create
 *      request, and the `/tasks` reads part 2 made, replayed at the same moments.
 *
 * Needs `--expose-gc` (npm run bench:track passes it). Prints figures, never pass/fail.
 */
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { KlingClient, typicalGenerationSeconds, type CreateResult } from '../core/index.js';
import { DEMO_API_KEY, type Faults } from '../sandbox/index.js';
import { numberFlag, runMain, UsageError } from './flags.js';
import { forJson, median, percentile } from './statistics.js';
import { startSandboxProcess, type SandboxProcess } from './processes.js';
import { printTable } from './table.js';

const USAGE = `Usage: npm run bench:track -- [options]

  --counts A,B,C    tracked tasks at which one watch is timed; the other figures are at B
                    (default 1000,10000,20000)
  --scale F         time scale of the sandbox and of the client's polls (default 1: real Kling
                    timings, a 5 s kling-3.0-turbo video takes about 35 s)
  --delay-tasks N   tasks tracked at once for the read-delay ratio (default 2000)
  --latency-ms MS   milliseconds the sandbox adds to every request for that ratio (default 200)
  --json            end with one line of JSON:
                    {"heapBytesPerTask", "cpuMsPerTask", "watchUs": {A, B, C}, "heapBytesLeftPerTask", "readDelayRatio",
                     "cpuFloorMsPerTask"}`;

const MODEL = 'kling-3.0-turbo';
const VIDEO_SECONDS = 5;
/** Creates in flight at once while building up the tracked set: as many as the client has connections. */
const CREATES_IN_FLIGHT = 32;
const WARM_UP_TASKS = 200;
const WATCH_BATCHES = 7;
const WATCH_OPS_PER_BATCH = 40;
const CREATE_PROBES = 20;
/** Part 1's poll scale: the first look at a task comes hours after its create. */
const NO_POLLS_SCALE = 1_000;
/** Bare requests timed for the CPU floor, after as many again to warm up. */
const FLOOR_REQUESTS = 2_000;
/** Ids per replayed `/tasks` read: Kling's limit, which the client's reads fill. */
const IDS_PER_READ = 20;

interface Settings {
  counts: [number, number, number];
  scale: number;
  delayTasks: number;
  latencyMs: number;
  json: boolean;
}

interface Memory {
  heap: number;
  rss: number;
}

interface AtCount {
  count: number;
  heapPerTask: number;
  rssPerTask: number;
  watchUs: number;
  createUs: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

function readSettings(argv: string[]): Settings {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      counts: { type: 'string' },
      scale: { type: 'string' },
      'delay-tasks': { type: 'string' },
      'latency-ms': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const counts = (values.counts ?? '1000,10000,20000').split(',').map((count) => Number(count));
  const gap = 2 * CREATE_PROBES;
  const fits = counts.every(
    (count, index) => Number.isInteger(count) && count <= 100_000 && count >= (index === 0 ? gap : (counts[index - 1] as number) + gap),
  );
  if (counts.length !== 3 || !fits) {
    throw new UsageError(
      `--counts ${values.counts}: expected three whole numbers up to 100000, the first ≥ ${gap} and each ≥ ${gap} more than the one before (e.g. 1000,10000,20000)`,
    );
  }
  return {
    counts: counts as [number, number, number],
    scale: numberFlag(values.scale, 'scale', 1, { min: 0.001, max: 10 }),
    delayTasks: numberFlag(values['delay-tasks'], 'delay-tasks', 2_000, { integer: true, min: 1, max: 100_000 }),
    latencyMs: numberFlag(values['latency-ms'], 'latency-ms', 200, { min: 1, max: 60_000 }),
    json: values.json === true,
  };
}

const say = (line: string): boolean => process.stderr.write(`${line}\n`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const count = (value: number): string => value.toLocaleString('en-US');

/** A task's typical generation time at a time scale. */
const generationMs = (scale: number): number => typicalGenerationSeconds(MODEL, VIDEO_SECONDS) * 1000 * scale;

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function memory(): Memory {
  gc?.();
  gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  return { heap: heapUsed, rss };
}

/** Requests that failed, per client: a run with any is reported, its figures are suspect. */
const failedRequests = new Map<string, number>();

function newClient(sandbox: SandboxProcess, tasks: number, pollScale: number): KlingClient {
  const client = new KlingClient({
    auth: { type: 'apiKey', apiKey: DEMO_API_KEY },
    baseUrl: sandbox.url,
    // A busy machine must not turn into timeouts: speed is measured here, not enforced.
    requestTimeoutMs: 120_000,
    // Every task holds a slot until it ends: room for all of them.
    concurrency: tasks + WARM_UP_TASKS + 2 * CREATE_PROBES,
    poll: { scale: pollScale },
    concurrencyBackoffMs: 1_000 * pollScale,
  });
  client.events.on('request', (event) => {
    if (event.code === 0) return;
    const key = `${event.method} ${event.route} ${event.code ?? event.kind}`;
    failedRequests.set(key, (failedRequests.get(key) ?? 0) + 1);
  });
  return client;
}

function sandboxFor(tasks: number, settings: Settings, extra: { manualClock?: boolean; faults?: Faults } = {}): Promise<SandboxProcess> {
  return startSandboxProcess({
    timeScale: settings.scale,
    seed: 5,
    concurrency: tasks + WARM_UP_TASKS + 2 * CREATE_PROBES,
    units: 1e9,
    ...extra,
  });
}

/** On a manual clock: moves the sandbox past the end of every task created so far. */
const endAllTasks = (sandbox: SandboxProcess, settings: Settings) =>
  sandbox.control('POST', '/clock', { advanceMs: generationMs(settings.scale) * 3 });

/** Runs `job` `total` times, `CREATES_IN_FLIGHT` at a time. */
async function inFlight(total: number, job: () => Promise<void>): Promise<void> {
  let left = total;
  const worker = async (): Promise<void> => {
    while (left > 0) {
      left -= 1;
      await job();
    }
  };
  await Promise.all(Array.from({ length: Math.min(CREATES_IN_FLIGHT, total) }, worker));
}

/**
 * When the client sent its `/tasks` reads (ms after `start()`), taken from its public request
 * events: each says how long it took, so it began that long before it was reported.
 */
function readMoments(client: KlingClient): { start: () => void; take: () => number[] } {
  let origin = performance.now();
  let moments: number[] = [];
  client.events.on('request', (event) => {
    if (event.method === 'GET' && event.route === '/tasks') moments.push(performance.now() - event.durationMs - origin);
  });
  return {
    start: () => {
      origin = performance.now();
      moments = [];
    },
    take: () => moments.filter((at) => at >= 0).sort((a, b) => a - b),
  };
}

let jobNumber = 0;
/** Creates `total` tasks, `CREATES_IN_FLIGHT` at a time; `onCreated` sees each result. */
function createTasks(client: KlingClient, total: number, onCreated: (created: CreateResult) => void = () => undefined): Promise<void> {
  return inFlight(total, async () =>
    onCreated(await client.create({ model: MODEL, prompt: `tracked task ${(jobNumber += 1)}`, duration: VIDEO_SECONDS })),
  );
}

/** The same code paths once, ended by reads, so that compiled code and pools are in the baseline. */
async function warmUp(client: KlingClient, sandbox: SandboxProcess, settings: Settings): Promise<Memory> {
  const handles: string[] = [];
  await createTasks(client, WARM_UP_TASKS, (created) => handles.push(created.handle));
  await timeWatch(client, handles);
  await endAllTasks(sandbox, settings);
  for (const handle of handles) await client.getTask(handle);
  await sandbox.stats();
  return memory();
}

/**
 * One watch: a caller starts waiting on a tracked task and stops (`client.wait` with a signal,
 * then abort). Registering and dropping a waiter is the tracker's bookkeeping that every watch,
 * wait and callback pays, with no network in the way. Median CPU µs per watch over a few batches.
 */
async function timeWatch(client: KlingClient, handles: readonly string[]): Promise<number> {
  const perWatch: number[] = [];
  for (let batch = 0; batch < WATCH_BATCHES; batch += 1) {
    const before = process.cpuUsage();
    for (let op = 0; op < WATCH_OPS_PER_BATCH; op += 1) {
      const controller = new AbortController();
      const waiting = client.wait(handles[op % handles.length] as string, { signal: controller.signal });
      controller.abort();
      if ((await waiting).done) throw new Error('a task ended during the watch probe (the sandbox clock should stand still)');
    }
    perWatch.push((cpuMs(before) * 1000) / WATCH_OPS_PER_BATCH);
    // The probe runs on microtasks alone: give the event loop a turn, so that timers run and
    // connections the sandbox closed meanwhile are noticed before the next request.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return median(perWatch);
}

/** CPU µs of one more create (request, reply, a slot and a new watch), one at a time. */
async function timeCreate(client: KlingClient): Promise<number> {
  const before = process.cpuUsage();
  for (let probe = 0; probe < CREATE_PROBES; probe += 1) await createTasks(client, 1);
  return (cpuMs(before) * 1000) / CREATE_PROBES;
}

/** Part 1: heap, RSS, create CPU and one watch at each count, with no poll in flight. */
async function sizesAndWatches(settings: Settings) {
  const [small, main, large] = settings.counts;
  const sandbox = await sandboxFor(large, settings, { manualClock: true });
  const client = newClient(sandbox, large, NO_POLLS_SCALE);
  try {
    const base = await warmUp(client, sandbox, settings);
    const handles: string[] = [];
    const keep = (created: CreateResult): void => {
      if (handles.length < WATCH_OPS_PER_BATCH) handles.push(created.handle);
    };
    /** Creates up to `target` tracked tasks (the last few one at a time), then measures. */
    const rampTo = async (target: number, from: number): Promise<{ at: AtCount; cpuMs: number; wallMs: number; created: number }> => {
      say(`tracking ${count(target)} tasks…`);
      const bulk = target - from - CREATE_PROBES;
      const started = Date.now();
      const cpu = process.cpuUsage();
      await createTasks(client, bulk, keep);
      const used = { cpuMs: cpuMs(cpu), wallMs: Date.now() - started, created: bulk };
      const createUs = await timeCreate(client);
      const now = memory();
      const watchUs = await timeWatch(client, handles);
      return {
        ...used,
        at: { count: target, heapPerTask: (now.heap - base.heap) / target, rssPerTask: (now.rss - base.rss) / target, watchUs, createUs },
      };
    };
    const first = await rampTo(small, 0);
    const second = await rampTo(main, small);
    const third = await rampTo(large, main);
    return {
      at: [first.at, second.at, third.at] as const,
      // From counts[0] to counts[1]: creates at the main count, past the compiler's warm-up.
      createCpuMsPerTask: second.cpuMs / second.created,
      /** How long creating `main` tasks took: part 2 must not poll while it creates. */
      createMainWallMs: ((first.wallMs + second.wallMs) * main) / (first.created + second.created),
    };
  } finally {
    await client.close();
    await sandbox.stop();
  }
}

/**
 * Part 2: `main` tasks tracked for one typical generation time, then all ended at once. The poll
 * scale is the benchmark's, stretched if needed so that no first look comes while tasks are still
 * being created (every delay of the schedule scales with it, so the looks per task do not change).
 */
async function life(settings: Settings, createWallMs: number) {
  const main = settings.counts[1];
  const pollScale = Math.max(settings.scale, (2 * createWallMs) / generationMs(1));
  const windowMs = generationMs(pollScale);
  const sandbox = await sandboxFor(main, settings, { manualClock: true });
  const client = newClient(sandbox, main, pollScale);
  try {
    let ended = 0;
    client.events.on('task-ended', () => (ended += 1));
    const base = await warmUp(client, sandbox, settings);
    const reads = readMoments(client);
    say(`creating ${count(main)} tasks…`);
    await createTasks(client, main);

    say(`following ${count(main)} tasks for one typical generation time (${(windowMs / 1000).toFixed(1)} s)…`);
    const requestsBefore = (await sandbox.stats()).requests.total;
    reads.start();
    let cpu = process.cpuUsage();
    await sleep(windowMs);
    const trackingCpuMs = cpuMs(cpu);
    const trackingReads = reads.take();
    const trackingRequests = (await sandbox.stats()).requests.total - requestsBefore;

    say(`ending ${count(main)} tasks…`);
    const target = ended + main;
    await endAllTasks(sandbox, settings);
    reads.start();
    cpu = process.cpuUsage();
    const deadline = Date.now() + 60_000 + windowMs * 10;
    while (ended < target) {
      if (Date.now() > deadline) throw new Error(`only ${ended - target + main} of ${main} tasks were known to have ended in time`);
      await sleep(20);
    }
    const endCpuMs = cpuMs(cpu);
    const endReads = reads.take();
    const left = memory();
    return {
      pollScale,
      windowMs,
      trackingCpuMsPerTask: trackingCpuMs / main,
      trackingRequestsPerTask: trackingRequests / main,
      endCpuMsPerTask: endCpuMs / main,
      heapLeftPerTask: (left.heap - base.heap) / main,
      reads: { tracking: trackingReads, end: endReads },
    };
  } finally {
    await client.close();
    await sandbox.stop();
  }
}

/** Part 3: p95 from a task's end in the sandbox to the caller knowing, with `tasks` tracked at once. */
async function readDelayP95(settings: Settings, latencyMs: number): Promise<number> {
  const tasks = settings.delayTasks;
  const sandbox = await sandboxFor(tasks, settings, latencyMs > 0 ? { faults: { latencyMs } } : {});
  const client = newClient(sandbox, tasks, settings.scale);
  try {
    const known = new Map<string, number>();
    const waits: Promise<void>[] = [];
    await createTasks(client, tasks, (created) => {
      waits.push(
        client.wait(created.handle).then((result) => {
          if (!result.done) throw new Error(`task ${created.handle} did not end: ${result.reason}`);
          known.set(created.task.id, Date.now());
        }),
      );
    });
    await Promise.all(waits);
    const delays = (await sandbox.tasks()).flatMap((task) => {
      const knownAt = known.get(task.id);
      return knownAt !== undefined && task.endedAt !== undefined ? [knownAt - task.endedAt] : [];
    });
    return percentile(delays, 0.95);
  } finally {
    await client.close();
    await sandbox.stop();
  }
}

interface CpuFloor {
  /** CPU ms of one bare create request. */
  createMs: number;
  /** CPU ms per task of part 2's reads, replayed: while tasks run, and once they have ended. */
  trackingMs: number;
  endMs: number;
}

/**
 * The CPU floor: the HTTP exchanges of a task's life sent with undici alone, to a sandbox of its
 * own. First the create request (path, headers, a body of the same shape), `CREATES_IN_FLIGHT`
 * at a time. Then part 2's `/tasks` reads, each of `IDS_PER_READ` ids (as nearly all of the client's are),
 * sent at the moments the client sent them: on tasks still running, then, once the clock has
 * moved past their end, on ended ones. No validation, no slot, no record, no schedule: what any
 * Node client pays for the same requests at the same times.
 */
async function cpuFloor(settings: Settings, tasks: number, reads: { tracking: number[]; end: number[] }): Promise<CpuFloor> {
  const sandbox = await sandboxFor(2 * FLOOR_REQUESTS, settings, { manualClock: true });
  const agent = new Agent({ connections: CREATES_IN_FLIGHT });
  const headers = { authorization: `Bearer ${DEMO_API_KEY}` };
  const ids: string[] = [];
  let sent = 0;
  const create = async (): Promise<void> => {
    sent += 1;
    const body = JSON.stringify({
      prompt: `tracked task ${sent}`,
      settings: { resolution: '720p', aspect_ratio: '16:9', duration: VIDEO_SECONDS },
      options: { external_task_id: `kling-floor-${sent}-${Date.now()}` },
    });
    const reply = await request(`${sandbox.url}/text-to-video/${MODEL}`, {
      method: 'POST',
      body,
      headers: { ...headers, 'content-type': 'application/json' },
      dispatcher: agent,
    });
    const text = await reply.body.text();
    if (reply.statusCode !== 200 || !text.includes('"code":0')) throw new Error(`the bare create was refused: ${text.slice(0, 200)}`);
    ids.push((JSON.parse(text) as { data: { id: string } }).data.id);
  };
  let chunk = 0;
  const read = async (): Promise<void> => {
    const start = (chunk++ * IDS_PER_READ) % (ids.length - IDS_PER_READ);
    const reply = await request(`${sandbox.url}/tasks?task_ids=${ids.slice(start, start + IDS_PER_READ).join('%2C')}`, {
      headers: { ...headers, accept: 'application/json' },
      dispatcher: agent,
    });
    const text = await reply.body.text();
    if (reply.statusCode !== 200 || !text.includes('"code":0')) throw new Error(`the bare read was refused: ${text.slice(0, 200)}`);
    JSON.parse(text);
  };
  try {
    await inFlight(FLOOR_REQUESTS, create);
    const cpu = process.cpuUsage();
    await inFlight(FLOOR_REQUESTS, create);
    const createMs = cpuMs(cpu) / FLOOR_REQUESTS;
    const trackingMs = (await replay(reads.tracking, read)) / tasks;
    await endAllTasks(sandbox, settings);
    const endMs = (await replay(reads.end, read)) / tasks;
    return { createMs, trackingMs, endMs };
  } finally {
    await agent.close();
    await sandbox.stop();
  }
}

/** Sends one `send()` at each moment (ms from now), then waits for all of them: CPU ms used. */
async function replay(moments: readonly number[], send: () => Promise<void>): Promise<number> {
  const origin = performance.now();
  const cpu = process.cpuUsage();
  const sending: Promise<void>[] = [];
  let next = 0;
  await new Promise<void>((done) => {
    const due = (): void => {
      const now = performance.now() - origin;
      while (next < moments.length && (moments[next] as number) <= now) {
        sending.push(send());
        next += 1;
      }
      if (next === moments.length) return done();
      setTimeout(due, (moments[next] as number) - now);
    };
    due();
  });
  await Promise.all(sending);
  return cpuMs(cpu);
}

const ratio = (value: number, floor: number): string => (floor > 0 ? (value / floor).toFixed(2) : '–');
const bytes = (value: number): string => `${count(Math.round(value))} B`;

await runMain('npm run bench:track', USAGE, async () => {
  const settings = readSettings(process.argv.slice(2));
  if (!gc) throw new UsageError('heap figures need node --expose-gc (npm run bench:track passes it)');
  const main = settings.counts[1];
  console.log(
    `bench:track: ${MODEL} tasks tracked at once by one client in this process (polling), each sandbox in a process of its own; ` +
      `time scale ${settings.scale} (typical generation ${(generationMs(settings.scale) / 1000).toFixed(1)} s)`,
  );
  console.log('');

  const sizes = await sizesAndWatches(settings);
  const lived = await life(settings, sizes.createMainWallMs);
  say(`read delay: ${count(settings.delayTasks)} tasks at 0 ms…`);
  const p95Direct = await readDelayP95(settings, 0);
  say(`read delay: ${count(settings.delayTasks)} tasks at ${settings.latencyMs} ms per request…`);
  const p95Slow = await readDelayP95(settings, settings.latencyMs);
  // A 1 ms floor: a tiny configuration can learn of every end within the same millisecond.
  const readDelayRatio = p95Slow / Math.max(1, p95Direct);
  say('CPU floor: the same requests with undici alone…');
  const floor = await cpuFloor(settings, main, lived.reads);
  const floorMs = floor.createMs + floor.trackingMs + floor.endMs;

  printTable(
    ['tracked tasks', 'heap/task', 'RSS/task', 'one watch (µs CPU)', 'one more create (µs CPU)'],
    sizes.at.map((at) => [count(at.count), bytes(at.heapPerTask), bytes(at.rssPerTask), at.watchUs.toFixed(1), at.createUs.toFixed(0)]),
  );
  const cpuTotal = sizes.createCpuMsPerTask + lived.trackingCpuMsPerTask + lived.endCpuMsPerTask;
  console.log('');
  console.log(
    `CPU per task at ${count(main)} tracked: create ${sizes.createCpuMsPerTask.toFixed(3)} ms, ` +
      `tracking ${lived.trackingCpuMsPerTask.toFixed(3)} ms (one typical generation time, ${(lived.windowMs / 1000).toFixed(1)} s at poll scale ${Number(lived.pollScale.toPrecision(3))}; ` +
      `${lived.trackingRequestsPerTask.toFixed(3)} requests per task), end ${lived.endCpuMsPerTask.toFixed(3)} ms; total ${cpuTotal.toFixed(3)} ms`,
  );
  console.log(
    `CPU floor, the same requests with undici alone: create ${floor.createMs.toFixed(3)} ms, ` +
      `tracking ${floor.trackingMs.toFixed(3)} ms (${count(lived.reads.tracking.length)} reads replayed), ` +
      `end ${floor.endMs.toFixed(3)} ms (${count(lived.reads.end.length)} reads); total ${floorMs.toFixed(3)} ms`,
  );
  console.log(
    `÷ floor: create ${ratio(sizes.createCpuMsPerTask, floor.createMs)}, tracking ${ratio(lived.trackingCpuMsPerTask, floor.trackingMs)}, ` +
      `end ${ratio(lived.endCpuMsPerTask, floor.endMs)}; total ${ratio(cpuTotal, floorMs)}`,
  );
  console.log(`heap per task left after all ${count(main)} ended: ${bytes(lived.heapLeftPerTask)}`);
  console.log(
    `read delay, ${count(settings.delayTasks)} tasks tracked: p95 end→known ${(p95Direct / 1000).toFixed(2)} s at 0 ms, ` +
      `${(p95Slow / 1000).toFixed(2)} s with ${settings.latencyMs} ms per request: ratio ${readDelayRatio.toFixed(2)}`,
  );
  if (failedRequests.size > 0) {
    console.log(
      `requests that failed (the figures above are suspect): ${[...failedRequests].map(([what, times]) => `${what} × ${times}`).join(', ')}`,
    );
  }
  if (settings.json) {
    console.log(
      JSON.stringify({
        heapBytesPerTask: Math.round(sizes.at[1].heapPerTask),
        cpuMsPerTask: forJson(cpuTotal),
        watchUs: Object.fromEntries(sizes.at.map((at) => [String(at.count), forJson(at.watchUs)])),
        heapBytesLeftPerTask: Math.round(lived.heapLeftPerTask),
        readDelayRatio: forJson(readDelayRatio),
        cpuFloorMsPerTask: forJson(floorMs),
      }),
    );
  }
});

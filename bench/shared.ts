/**
 * Shared state under load: several processes on one Redis and one sandbox, as replicas of a
 * service using one Kling account. `--processes` client processes (3) take `--jobs` text-to-video
 * jobs (200) from this process as they have room; the sandbox allows `--limit` tasks at once (5)
 * and takes ≥ 2 s real per task. Callbacks are signed and reach the processes through a load
 * balancer here, which hands each one to two processes (a repeat on another replica). One process
 * is killed with SIGKILL mid-run (`--kill-at`, a fraction of the jobs done); its jobs go to the
 * others (same external ids: a create that had landed is found, never sent twice).
 *
 * Prints what it measured, and with `--json` ends with one line of JSON:
 *   maxConcurrent               peak of tasks running at the sandbox (≤ the limit)
 *   replies1303                 1303 replies from the sandbox (0)
 *   makespanRatio               makespan ÷ the achievable bound from the sandbox's actual task durations
 *   shareSpread                 largest relative deviation of a live process's job count from their mean
 *   lostTasks                   sandbox tasks whose end no process acted on, plus jobs never done
 *   slotsFreedAfterKillSeconds  longest a slot of the killed process stayed held after it was free
 *                               (after the kill, and after its task ended at the sandbox)
 *   callbacksActedTwice         tasks whose end was acted on (slot freed, budget settled) more than once
 *   leaseSeconds                the lease of a slot not yet held by a recorded create or task
 *
 *   npm run bench:shared -- --json
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { leaseMsAt } from '../core/state/redis/redis-state.js';
import type { SandboxStats, TaskSummary } from '../sandbox/index.js';
import { startRedis, type RedisServer } from '../test/redis/redis-server.js';
import type { ClientSettings, FromWorker, ToWorker } from './shared-worker.js';

const WORKER = fileURLToPath(new URL('./shared-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const { values: flags } = parseArgs({
  options: {
    jobs: { type: 'string', default: '200' },
    processes: { type: 'string', default: '3' },
    limit: { type: 'string', default: '5' },
    // kling-3.0-turbo's 5 s clip is 35 s typical, drawn 0.8–1.2 ×: at 0.075 every task takes 2.1–3.2 s.
    scale: { type: 'string', default: '0.075' },
    'kill-at': { type: 'string', default: '0.4' },
    seed: { type: 'string', default: '7' },
    json: { type: 'boolean', default: false },
  },
});
const JOBS = positive(flags.jobs, 'jobs');
const PROCESSES = positive(flags.processes, 'processes');
const LIMIT = positive(flags.limit, 'limit');
const SCALE = Number(flags.scale);
const KILL_AT = Number(flags['kill-at']);
if (!(SCALE > 0) || !(KILL_AT > 0 && KILL_AT < 1) || PROCESSES < 2)
  throw new Error('--scale must be > 0, --kill-at in (0, 1), --processes ≥ 2');

function positive(text: string | undefined, name: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number above 0 (got ${text})`);
  return value;
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

interface Worker {
  name: string;
  child: ChildProcess;
  callbackPort: number;
  alive: boolean;
  done: number;
  /** Jobs handed to it and not done: job → its task, once created. */
  jobs: Map<number, { id?: string; handle?: string }>;
}

async function startSandboxProcess(options: Record<string, unknown>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, 'sandbox', JSON.stringify(options)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('\n')) resolve((JSON.parse(output.split('\n')[0] as string) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`the sandbox process ended (${code}) before it listened`)));
  });
  return { url, child };
}

async function control<T>(sandboxUrl: string, path: string): Promise<T> {
  const response = await fetch(`${sandboxUrl}/__sandbox${path}`);
  return (await response.json()) as T;
}

/** The callback receiver the sandbox calls: hands each callback to two live processes (a repeat on another replica). */
function startBalancer(workers: () => Worker[]): Promise<{ url: string; forwarded: () => number; close: () => void }> {
  let turn = 0;
  let forwarded = 0;
  const forward = (worker: Worker, body: Buffer, headers: IncomingHttpHeaders): Promise<number> =>
    new Promise((resolve) => {
      const outgoing = httpRequest(
        {
          host: '127.0.0.1',
          port: worker.callbackPort,
          method: 'POST',
          path: '/kling/callback',
          headers: { ...headers, host: `127.0.0.1:${worker.callbackPort}` },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 502);
        },
      );
      outgoing.on('error', () => resolve(502));
      outgoing.end(body);
    });
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks);
      const live = workers().filter((worker) => worker.alive);
      turn += 1;
      const targets = [live[turn % live.length], live[(turn + 1) % live.length]].filter(
        (worker, index, all): worker is Worker => worker !== undefined && all.indexOf(worker) === index,
      );
      const statuses = await Promise.all(targets.map((worker) => forward(worker, body, request.headers)));
      forwarded += targets.length;
      response.writeHead(statuses.some((status) => status < 300) ? 200 : 502).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/kling/callback`,
        forwarded: () => forwarded,
        close: () => server.close(),
      }),
    ),
  );
}

/** No schedule of these durations on `slots` slots is shorter (P||Cmax lower bound). */
function lowerBound(durations: number[], slots: number): number {
  const longestFirst = [...durations].sort((a, b) => b - a);
  const total = durations.reduce((sum, duration) => sum + duration, 0);
  const pair = longestFirst.length > slots ? (longestFirst[slots - 1] as number) + (longestFirst[slots] as number) : 0;
  return Math.max(total / slots, longestFirst[0] ?? 0, pair);
}

async function main(): Promise<void> {
  const runId = randomBytes(4).toString('hex');
  const webhookSecret = `whsec_${randomBytes(32).toString('base64')}`;
  const redis: RedisServer = await startRedis();
  const sandbox = await startSandboxProcess({ timeScale: SCALE, seed: Number(flags.seed), concurrency: LIMIT, webhookSecret, quiet: true });
  const workers: Worker[] = [];
  const balancer = await startBalancer(() => workers);
  const leaseMs = leaseMsAt({}, SCALE);
  log(
    `${PROCESSES} processes, ${JOBS} jobs, account limit ${LIMIT}, time scale ${SCALE} (lease ${leaseMs} ms); Redis ${redis.url}, sandbox ${sandbox.url}`,
  );

  const queue: number[] = Array.from({ length: JOBS }, (_, job) => job);
  const adoptions: { job: number; handle: string }[] = [];
  const doneJobs = new Set<number>();
  const endedBy = new Map<string, number>();
  const failures: string[] = [];
  let started = 0;
  let lastDoneAt = 0;
  let killedAt: number | undefined;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));

  const settings = (name: string): ClientSettings => ({
    name,
    sandboxUrl: sandbox.url,
    redisUrl: redis.url,
    callbackUrl: balancer.url,
    webhookSecret,
    concurrency: LIMIT,
    scale: SCALE,
    workers: LIMIT,
    runId,
  });
  const give = (worker: Worker): void => {
    let message: ToWorker;
    const adoption = adoptions.shift();
    const job = adoption ? undefined : queue.shift();
    if (adoption) {
      message = { type: 'adopt', ...adoption };
      worker.jobs.set(adoption.job, { handle: adoption.handle });
    } else if (job !== undefined) {
      message = { type: 'job', job };
      worker.jobs.set(job, {});
    } else message = { type: 'none' };
    worker.child.send(message);
  };
  const waitingForWork: Worker[] = [];
  const onMessage = (worker: Worker, message: FromWorker): void => {
    if (message.type === 'next') {
      if (started === 0) {
        waitingForWork.push(worker);
        return;
      }
      if (queue.length === 0 && adoptions.length === 0 && doneJobs.size < JOBS) {
        // Nothing to hand out now, but the killed process's jobs may come back: ask again later.
        setTimeout(() => onMessage(worker, message), 50);
        return;
      }
      give(worker);
    } else if (message.type === 'created') {
      worker.jobs.set(message.job, { id: message.id, handle: message.handle });
    } else if (message.type === 'done') {
      worker.jobs.delete(message.job);
      if (!doneJobs.has(message.job)) {
        doneJobs.add(message.job);
        worker.done += 1;
        lastDoneAt = Date.now();
      }
      if (doneJobs.size === JOBS) finish();
      else if (killedAt === undefined && doneJobs.size >= JOBS * KILL_AT) kill();
    } else if (message.type === 'ended') {
      endedBy.set(message.id, (endedBy.get(message.id) ?? 0) + 1);
    } else if (message.type === 'failed') {
      failures.push(`${worker.name} job ${message.job}: ${message.error}`);
      worker.jobs.delete(message.job);
      queue.unshift(message.job);
    }
  };

  /** Each slot the killed process held after the kill: when it was first seen, what it was for, when it was freed. */
  const killedLeases = new Map<string, { seenAt: number; expiresAt?: number; freedAt?: number; taskId?: string; externalId?: string }>();
  let victim: Worker | undefined;
  const kill = (): void => {
    // The hardest case: the process with the most tasks running (their slots must be freed by the others).
    const running = (worker: Worker): number => [...worker.jobs.values()].filter((task) => task.handle !== undefined).length;
    victim = workers.filter((worker) => worker.alive).sort((a, b) => running(b) - running(a) || b.jobs.size - a.jobs.size)[0] as Worker;
    victim.alive = false;
    victim.child.kill('SIGKILL');
    killedAt = Date.now();
    log(`SIGKILL ${victim.name} after ${doneJobs.size} jobs done (it had ${victim.jobs.size} in hand, ${running(victim)} of them running)`);
    void watchKilledLeases(victim.name);
    // Its jobs go to the others: a task it created is waited for there; the rest are created again with the same external id.
    for (const [job, task] of victim.jobs) {
      if (task.handle) adoptions.push({ job, handle: task.handle });
      else queue.unshift(job);
    }
    victim.jobs.clear();
  };
  /** Watches the killed process's slots in Redis (those it held, and any granted to its waiters after it died) until all are gone. */
  const watchKilledLeases = async (name: string): Promise<void> => {
    const hash = async (pattern: string): Promise<string[]> => {
      const key = ((await redis.command('KEYS', pattern)) as string[])[0];
      return key ? ((await redis.command('HGETALL', key)) as string[]) : [];
    };
    for (;;) {
      const now = Date.now();
      const present = new Map<string, number | undefined>();
      for (const key of (await redis.command('KEYS', 'kling:v1:*:held')) as string[]) {
        const flat = (await redis.command('ZRANGE', key, '0', '-1', 'WITHSCORES')) as string[];
        for (let index = 0; index < flat.length; index += 2) {
          const lease = flat[index] as string;
          const expiresAt = flat[index + 1] === 'inf' ? undefined : Number(flat[index + 1]);
          // An expired lease counts for nobody: every script drops it before it grants anything.
          if (lease.startsWith(`${name}-`) && !(expiresAt !== undefined && expiresAt <= now)) present.set(lease, expiresAt);
        }
      }
      const fresh = [...present.keys()].filter((lease) => !killedLeases.has(lease));
      for (const lease of fresh) killedLeases.set(lease, { seenAt: now });
      for (const [lease, expiresAt] of present) (killedLeases.get(lease) as { expiresAt?: number }).expiresAt = expiresAt;
      if (fresh.length > 0) {
        // What each new one is recorded with: a followed task, or a create in flight.
        const tasks = await hash('kling:v1:*:tasks');
        for (let index = 0; index < tasks.length; index += 2) {
          const record = JSON.parse((tasks[index + 1] as string).slice(1)) as { id: string; slot?: { lease: string } };
          const entry = record.slot && killedLeases.get(record.slot.lease);
          if (entry) entry.taskId = record.id;
        }
        const creates = await hash('kling:v1:*:creates');
        for (let index = 0; index < creates.length; index += 2) {
          const pending = JSON.parse(creates[index + 1] as string) as { externalTaskId: string; slot?: { lease: string } };
          const entry = pending.slot && killedLeases.get(pending.slot.lease);
          if (entry && !entry.taskId) entry.externalId = pending.externalTaskId;
        }
      }
      for (const [lease, entry] of killedLeases) {
        // Gone: freed when its lease ran out (the server's clock says exactly when), or at the latest now.
        if (entry.freedAt === undefined && !present.has(lease)) entry.freedAt = Math.min(now, entry.expiresAt ?? now);
      }
      if (present.size === 0 && doneJobs.size === JOBS) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  for (let index = 0; index < PROCESSES; index += 1) {
    const name = `p${index + 1}`;
    const child = fork(WORKER, ['client', JSON.stringify(settings(name))], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const worker: Worker = { name, child, callbackPort: 0, alive: true, done: 0, jobs: new Map() };
    workers.push(worker);
    child.on('message', (message: FromWorker) => {
      if (message.type === 'ready') worker.callbackPort = message.callbackPort;
      else onMessage(worker, message);
    });
    child.once('exit', (code, signal) => {
      if (worker.alive && doneJobs.size < JOBS) failures.push(`${name} exited (${code ?? signal}) before the end`);
    });
  }
  // Every process is ready (its callback receiver listening) and asking for work: go.
  while (workers.some((worker) => worker.callbackPort === 0) || waitingForWork.length < PROCESSES * LIMIT)
    await new Promise((resolve) => setTimeout(resolve, 20));
  const startedAt = Date.now();
  started = startedAt;
  for (const worker of waitingForWork.splice(0)) give(worker);
  await finished;
  const makespanMs = lastDoneAt - startedAt;
  // Let the last acts land (callbacks, slot releases), then read the sandbox and Redis.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  while ([...killedLeases.values()].some((entry) => entry.freedAt === undefined) && Date.now() - lastDoneAt < 60_000)
    await new Promise((resolve) => setTimeout(resolve, 50));

  const [stats, tasks] = await Promise.all([control<SandboxStats>(sandbox.url, '/stats'), control<TaskSummary[]>(sandbox.url, '/tasks')]);
  const durations = tasks
    .filter((task) => task.status === 'succeeded' || task.status === 'failed')
    .map((task) => task.updatedAt - task.createdAt);
  const boundMs = lowerBound(durations, LIMIT);
  const live = workers.filter((worker) => worker.alive);
  const mean = live.reduce((sum, worker) => sum + worker.done, 0) / live.length;
  const shareSpread = Math.max(...live.map((worker) => Math.abs(worker.done - mean) / mean));
  const ended = (id: string): number => endedBy.get(id) ?? 0;
  const lostTasks = tasks.filter((task) => ended(task.id) === 0).length + (JOBS - doneJobs.size);
  const callbacksActedTwice = tasks.filter((task) => ended(task.id) > 1).length;
  const byExternalId = new Map(tasks.map((task) => [task.externalTaskId, task]));
  const byId = new Map(tasks.map((task) => [task.id, task]));
  let slotsFreedAfterKillMs = 0;
  for (const entry of killedLeases.values()) {
    const task = entry.taskId ? byId.get(entry.taskId) : entry.externalId ? byExternalId.get(entry.externalId) : undefined;
    // A slot is free once the process is dead, it was granted (to a dead waiter), and its task (if any) ended.
    const freeFrom = Math.max(killedAt ?? 0, entry.seenAt - 10, task?.updatedAt ?? 0);
    slotsFreedAfterKillMs = Math.max(slotsFreedAfterKillMs, (entry.freedAt ?? Date.now()) - freeFrom);
  }
  const leftHeld = await Promise.all(
    ((await redis.command('KEYS', 'kling:v1:*:held')) as string[]).map((key) => redis.command('ZCARD', key) as Promise<number>),
  );

  const result = {
    maxConcurrent: Math.max(0, ...Object.values(stats.concurrency).map((pool) => pool.peak)),
    replies1303: stats.requests.byCode['1303'] ?? 0,
    makespanRatio: round(makespanMs / boundMs),
    shareSpread: round(shareSpread),
    lostTasks,
    slotsFreedAfterKillSeconds: round(slotsFreedAfterKillMs / 1000),
    callbacksActedTwice,
    leaseSeconds: round(leaseMs / 1000),
  };
  log(
    `makespan ${(makespanMs / 1000).toFixed(1)} s; achievable bound ${(boundMs / 1000).toFixed(1)} s from ${durations.length} tasks (mean ${(durations.reduce((a, b) => a + b, 0) / durations.length / 1000).toFixed(2)} s)`,
  );
  log(`jobs done per process: ${workers.map((worker) => `${worker.name}${worker.alive ? '' : ' (killed)'} ${worker.done}`).join(', ')}`);
  log(
    `tasks created ${stats.creates.accepted}, duplicate external ids refused ${stats.creates.duplicateExternalIds}; callbacks sent ${stats.callbacks.sent}, forwarded to processes ${balancer.forwarded()}`,
  );
  log(
    `killed process: ${killedLeases.size} slots held after the kill; leases still held in Redis at the end: ${leftHeld.reduce((a, b) => a + b, 0)}`,
  );
  for (const failure of failures) log(`failure: ${failure}`);
  if (!flags.json) log(JSON.stringify(result, null, 2));

  for (const worker of workers) if (worker.alive) worker.child.kill('SIGTERM');
  balancer.close();
  sandbox.child.stdin?.end();
  await redis.stop();
  if (flags.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

await main();

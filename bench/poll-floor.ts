/**
 * How few reads a polling schedule can make, on the sandbox's own task durations. `npm run bench`
 * measures this client; this replays the same situation without a network, in units of the
 * typical generation time, so that schedules can be compared with one another:
 *
 *   this client   the schedule of core/tracking/poll-schedule.ts (first look at 0.9 × typical,
 *                 then flat intervals), every read topped up with all the other running tasks,
 *                 as the tracker tops up a `/tasks` chunk;
 *   deadline D    a read only when some running task could have ended D ago unseen (D after its
 *                 earliest possible end, then D after each read): every end is known within D,
 *                 and each read also answers for every other running task.
 *
 * Reads answer instantly and a freed slot takes the next task at once; requests per task count
 * the create. It also counts the polls one task alone needs with this client's schedule (a client
 * without a callback URL; `kling generate` against a local sandbox takes callbacks instead).
 * Prints figures, never pass/fail.
 */
import { parseArgs } from 'node:util';
import { firstLookAt, intervalFor, type PollTiming } from '../core/tracking/poll-schedule.js';
import { mulberry32 } from '../sandbox/random/prng.js';
import { generationFactor } from '../sandbox/tasks/lifecycle.js';
import { numberFlag, runMain } from './flags.js';
import { listScheduleMakespan } from './makespan-bound.js';
import { forJson, mean, percentile } from './statistics.js';

const USAGE = `Usage: npm run bench:poll-floor -- [options]

  --jobs N          tasks per draw (default 200, as npm run bench)
  --concurrency C   tasks running at once (default 5, as npm run bench)
  --draws N         sets of durations, from seeds 1…N (default 20)
  --json            end with one line of JSON`;

/** The client's default poll bounds (1 s and 30 s) against a 35 s typical time, as in npm run bench. */
const TIMING: PollTiming = { minIntervalMs: 1 / 35, maxIntervalMs: 30 / 35 };
const DEADLINES = [0.1, 0.12, 0.15, 0.2] as const;

interface Running {
  startedAt: number;
  endsAt: number;
  /** This client: when the task is due for a read. Deadline: when the last read saw it running. */
  mark: number;
}

interface Outcome {
  requestsPerTask: number;
  p95Ratio: number;
  makespanRatio: number;
}

/** Which running task forces the next read, and when. */
type NextRead = (running: readonly Running[]) => number;
/** What a read at `now` does to a task it saw still running. */
type AfterRead = (task: Running, now: number) => void;

function replay(durations: readonly number[], slots: number, nextRead: NextRead, afterRead: AfterRead, first: (at: number) => number) {
  const running: Running[] = [];
  const delays: number[] = [];
  let created = 0;
  let reads = 0;
  let makespan = 0;
  const start = (at: number): void => {
    if (created >= durations.length) return;
    running.push({ startedAt: at, endsAt: at + (durations[created] as number), mark: first(at) });
    created += 1;
  };
  for (let slot = 0; slot < slots; slot += 1) start(0);
  while (running.length > 0) {
    const now = nextRead(running);
    reads += 1;
    // One read answers for every running task (the `/tasks` chunk holds all of them).
    for (const task of [...running]) {
      if (task.endsAt <= now) {
        delays.push(now - task.endsAt);
        running.splice(running.indexOf(task), 1);
        makespan = now;
        start(now);
      } else afterRead(task, now);
    }
  }
  return {
    requestsPerTask: 1 + reads / durations.length,
    p95Ratio: percentile(delays, 0.95) / mean(durations),
    makespanRatio: makespan / listScheduleMakespan(durations, slots),
  };
}

function thisClient(durations: readonly number[], slots: number): Outcome {
  const schedule = { expectedMs: 1, callback: false };
  return replay(
    durations,
    slots,
    (running) => Math.min(...running.map((task) => task.mark)),
    (task, now) => (task.mark = Math.max(task.mark, now + intervalFor(schedule, TIMING))),
    (at) => firstLookAt({ ...schedule, startedAt: at }, at, TIMING),
  );
}

function deadline(durations: readonly number[], slots: number, every: number): Outcome {
  const earliest = generationFactor(() => 0);
  return replay(
    durations,
    slots,
    (running) => Math.min(...running.map((task) => Math.max(task.mark, task.startedAt + earliest) + every)),
    (task, now) => (task.mark = now),
    () => 0,
  );
}

/** Polls one task alone needs with this client's schedule, for each of `durations`. */
function lonePolls(durations: readonly number[]): number[] {
  const schedule = { expectedMs: 1, callback: false, startedAt: 0 };
  return durations.map((duration) => {
    let at = firstLookAt(schedule, 0, TIMING);
    let polls = 1;
    while (at < duration) {
      at += intervalFor(schedule, TIMING);
      polls += 1;
    }
    return polls;
  });
}

const averaged = (outcomes: Outcome[]): Outcome => ({
  requestsPerTask: forJson(mean(outcomes.map((outcome) => outcome.requestsPerTask))),
  p95Ratio: forJson(mean(outcomes.map((outcome) => outcome.p95Ratio))),
  makespanRatio: forJson(mean(outcomes.map((outcome) => outcome.makespanRatio))),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    options: { jobs: { type: 'string' }, concurrency: { type: 'string' }, draws: { type: 'string' }, json: { type: 'boolean' } },
  });
  const jobs = numberFlag(values.jobs, 'jobs', 200, { integer: true, min: 1, max: 100_000 });
  const slots = numberFlag(values.concurrency, 'concurrency', 5, { integer: true, min: 1, max: 1_000 });
  const draws = numberFlag(values.draws, 'draws', 20, { integer: true, min: 1, max: 1_000 });
  const sets = Array.from({ length: draws }, (_, index) => {
    const random = mulberry32(index + 1);
    return Array.from({ length: jobs }, () => generationFactor(random));
  });

  const client = averaged(sets.map((durations) => thisClient(durations, slots)));
  const deadlines = DEADLINES.map((every) => ({ every, ...averaged(sets.map((durations) => deadline(durations, slots, every))) }));
  const polls = sets.flatMap(lonePolls);
  const share = (count: number): number => forJson(polls.filter((value) => value === count).length / polls.length);
  const lone = Object.fromEntries(
    Array.from(new Set(polls))
      .sort((a, b) => a - b)
      .map((count) => [String(count), share(count)]),
  );

  const row = (name: string, outcome: Outcome): string =>
    `${name.padEnd(42)}${outcome.requestsPerTask.toFixed(2).padStart(8)}${outcome.p95Ratio.toFixed(3).padStart(16)}${outcome.makespanRatio.toFixed(3).padStart(18)}`;
  console.log(
    `poll floor: ${jobs} tasks at concurrency ${slots}, durations ${generationFactor(() => 0).toFixed(1)}–${generationFactor(() => 1).toFixed(1)} × typical ` +
      `(the sandbox's draw), ${draws} draws, no network\n`,
  );
  console.log(`${'schedule'.padEnd(42)}requests/task  p95 ÷ generation  makespan ÷ list bound`);
  console.log(row('this client', client));
  for (const outcome of deadlines) console.log(row(`deadline: every end known within ${outcome.every}`, outcome));
  console.log(
    `\none task alone, this client's schedule: ${Object.entries(lone)
      .map(([count, fraction]) => `${count} poll${count === '1' ? '' : 's'} ${(fraction * 100).toFixed(0)} %`)
      .join(', ')}`,
  );
  if (values.json) console.log(JSON.stringify({ client, deadlines, lonePolls: lone }));
}

await runMain('bench:poll-floor', USAGE, main);

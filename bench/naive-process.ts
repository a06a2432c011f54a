/**
 * The naive baseline in its own process (see naive-client.ts), so that its thousands of refused
 * creates load neither the sandbox's event loop nor the benchmark's. Input: JSON in argv[2];
 * output: one JSON line with the makespan and, per task, when the caller learned it ended.
 */
import { naiveJob, type NaiveOptions } from './naive-client.js';

export interface NaiveRun extends NaiveOptions {
  jobs: number;
}

export interface NaiveResult {
  makespanMs: number;
  /** [task id, ms since epoch when the caller learned it ended] */
  known: [string, number][];
}

const input = JSON.parse(process.argv[2] ?? '{}') as NaiveRun;
// The parent gone means nobody reads the result.
process.stdin.on('end', () => process.exit(0)).resume();

const started = Date.now();
const outcomes = await Promise.all(Array.from({ length: input.jobs }, (_, index) => naiveJob(input, `bench job ${index}`)));
const result: NaiveResult = { makespanMs: Date.now() - started, known: outcomes.map((outcome) => [outcome.id, outcome.knownAt]) };
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);

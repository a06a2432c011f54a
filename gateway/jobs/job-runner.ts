import type { Logger } from '../../core/index.js';
import type { GatewayStore, Job } from '../store/gateway-store.js';

/** What a job's handler decided: done (or given up), or try again after a delay. */
export type JobOutcome = { done: true } | { retryInMs: number };

export type JobHandler = (job: Job) => Promise<JobOutcome>;

/** How long a claimed job stays out of other replicas' claims: longer than any one attempt takes. */
const CLAIM_MS = 5 * 60 * 1000;
const BATCH = 8;
/** A job whose handler keeps throwing is dropped after this many tries (about half an hour). */
const MAX_FAILURES = 35;

/**
 * Runs the store's due jobs (finish a task, deliver a callback) in every replica: a job is claimed
 * by one replica at a time, so it runs once however many replicas poll. Woken at once for jobs
 * added here; polls every `pollMs` for jobs other replicas added or put off.
 */
export class JobRunner {
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #again = false;
  #closed = false;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(
    private readonly store: GatewayStore,
    private readonly handlers: Record<Job['kind'], JobHandler>,
    private readonly log: Logger,
    private readonly pollMs = 1_000,
  ) {
    this.#arm(0);
  }

  wake(): void {
    if (this.#closed) return;
    if (this.#running) this.#again = true;
    else this.#arm(0);
  }

  /** Stops claiming; resolves when the jobs in progress have finished. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await Promise.all([...this.#inFlight]);
  }

  #arm(ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#round(), ms);
    this.#timer.unref();
  }

  async #round(): Promise<void> {
    if (this.#closed) return;
    this.#running = true;
    try {
      for (;;) {
        this.#again = false;
        const jobs = await this.store.claimJobs(Date.now(), BATCH, CLAIM_MS);
        await Promise.all(jobs.map((job) => this.#track(this.#run(job))));
        if ((jobs.length < BATCH && !this.#again) || this.#closed) break;
      }
    } catch (error) {
      this.log('warn', 'job round failed; trying again shortly', { error: error instanceof Error ? error.message : String(error) });
    } finally {
      this.#running = false;
      if (!this.#closed) this.#arm(this.pollMs);
    }
  }

  async #track(work: Promise<void>): Promise<void> {
    this.#inFlight.add(work);
    try {
      await work;
    } finally {
      this.#inFlight.delete(work);
    }
  }

  async #run(job: Job): Promise<void> {
    let outcome: JobOutcome;
    try {
      outcome = await this.handlers[job.kind](job);
    } catch (error) {
      const givingUp = job.attempts + 1 >= MAX_FAILURES;
      this.log(givingUp ? 'error' : 'warn', `${job.kind} job failed${givingUp ? '; giving up' : '; retrying'}`, {
        task: job.taskId,
        error: error instanceof Error ? error.message : String(error),
      });
      outcome = givingUp ? { done: true } : { retryInMs: Math.min(60_000, 1_000 * 2 ** job.attempts) };
    }
    if ('done' in outcome) return this.store.finishJob(job.id);
    await this.store.retryJob(job.id, Date.now() + outcome.retryInMs, job.attempts + 1);
    // A retry due before the next poll is woken for; a later one is found by the polls.
    if (outcome.retryInMs < this.pollMs) setTimeout(() => this.wake(), outcome.retryInMs).unref();
  }
}

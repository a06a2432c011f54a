import { typicalGenerationSeconds } from '../catalog/index.js';
import type { Product, Standard } from '../catalog/types.js';
import { Authorizer } from '../auth/authorizer.js';
import { createCallbackIngester, type CallbackIngester } from '../callbacks/ingest.js';
import type { WebhookHeaders } from '../callbacks/verify-signature.js';
import { encode } from '../encode/index.js';
import { KlingError } from '../errors/kling-error.js';
import { Redactor } from '../errors/redact.js';
import { estimate, type Estimate } from '../estimate.js';
import { BudgetGuard, type BudgetRule } from '../guards/budget.js';
import { ClientEventEmitter } from '../observability/events.js';
import { Metrics, type MetricsSnapshot } from '../observability/metrics.js';
import { defaultPlatform } from '../platform/default.js';
import type { Platform } from '../platform/platform.js';
import { sleep } from '../platform/timers.js';
import type { GenerationRequest } from '../request/schema.js';
import { validate, type ValidRequest } from '../request/validate.js';
import type { PoolStats } from '../state/slot-store.js';
import type { StateStores } from '../state/state.js';
import { memoryState } from '../state/memory/memory-state.js';
import type { PendingCreate, TrackedTask } from '../state/task-store.js';
import { encodeHandle } from '../task/handle.js';
import { isFinal, type Task } from '../task/types.js';
import { CircuitBreaker } from '../transport/circuit-breaker.js';
import { HttpTransport } from '../transport/http-transport.js';
import { withReadRetry, type RetryPolicy } from '../transport/read-retry.js';
import { SlotScheduler } from '../tracking/scheduler.js';
import { Tracker, type WaitOptions, type WaitResult } from '../tracking/tracker.js';
import { AccountReader, type AccountSummary } from './account.js';
import { clientConfigSchema, concurrencyFor, resolveBaseUrl, type ClientConfig, type ClientConfigInput } from './config.js';
import { createOnce } from './create-once.js';
import { withFallbackModels } from './fallback.js';
import { accountKeyOf, secretsOf } from './identity.js';
import { parseConfig } from './parse-config.js';
import { Recovery } from './recovery.js';
import { chooseStandard, readRoute } from './router.js';
import { TaskLookup } from './task-lookup.js';
import { TASKS_BATCH_LIMIT, TaskReader } from './task-reader.js';
import { targetOf } from './task-target.js';
import { TimeScale } from './time-scale.js';
import { verifyCredentials, type CredentialCheck } from './verify-credentials.js';

export interface CreateResult {
  handle: string;
  task: Task;
  /** The model that ran: differs from the request's when a fallback model was used. */
  model: string;
  fallbackFrom: string | undefined;
  standard: Standard;
  externalTaskId: string;
  estimate: Estimate;
  /** The reply was lost and the task was found again by its external id. */
  recovered: boolean;
  /**
   * The external id had been used by an earlier create: this is that task. Nothing new was
   * created or charged by this call; the earlier create was charged when it was made.
   */
  existing: boolean;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface CreateOptions extends CallOptions {
  /** Budgets beyond the configured ones (a gateway token's), reserved together before the create. */
  budgets?: readonly BudgetRule[];
  /**
   * Wait at most this long for a concurrency slot (backoffs after 1303 included); then the create
   * fails with a 1303-coded `concurrency` error and nothing is sent. Unset: wait until `signal`.
   */
  slotWaitMs?: number;
}

/**
 * How a callback was judged: `signature` (verified), `api` (unsigned, so the task was read from the
 * API instead), or `none` (unsigned and saying the task still runs, taken without a read when
 * `readRunningHints` is false: `task` is only the sender's claim).
 */
export type CallbackOutcome =
  | { accepted: true; task: Task; verifiedBy: 'signature' | 'api' | 'none'; duplicate: boolean }
  | { accepted: false; status: 400 | 401 | 503; reason: string };

/** Tasks that have not ended after this long are no longer followed (Kling's guide: 1–5 minutes). */
const MAX_TRACK_MS = 3 * 60 * 60 * 1000;
/** Typical time assumed for a task read from a bare id, whose model is unknown. */
const UNKNOWN_MODEL_SECONDS = 60;
/** `/tasks` reads in flight at once when many tasks are due together. */
const READ_CONCURRENCY = 8;

/**
 * The engine every surface uses: validates, routes, reserves the budget, creates exactly once
 * inside a concurrency slot, follows tasks until they end, and reads tasks from handles or raw
 * ids. Surfaces never build Kling URLs or bodies.
 */
export class KlingClient {
  readonly events = new ClientEventEmitter();
  readonly baseUrl: string;
  readonly #config: ClientConfig;
  readonly #platform: Platform;
  readonly #ownsPlatform: boolean;
  readonly #redactor: Redactor;
  readonly #authorizer: Authorizer;
  readonly #transport: HttpTransport;
  readonly #retry: RetryPolicy;
  readonly #reader: TaskReader;
  readonly #lookup: TaskLookup;
  readonly #state: StateStores;
  readonly #tracker: Tracker;
  readonly #scheduler: SlotScheduler;
  readonly #budget: BudgetGuard;
  readonly #account: AccountReader;
  readonly #metrics: Metrics;
  readonly #accountKey: string;
  readonly #timeScale: TimeScale;
  readonly #ingester: CallbackIngester;
  readonly #recovery: Recovery | undefined;

  constructor(input: ClientConfigInput) {
    const config = parseConfig(clientConfigSchema, input);
    this.#config = config;
    this.#ownsPlatform = config.platform === undefined;
    const platform = config.platform ?? defaultPlatform();
    this.#platform = platform;
    this.#redactor = new Redactor(secretsOf(config));
    this.baseUrl = resolveBaseUrl(config);
    this.#accountKey = accountKeyOf(this.baseUrl, config.auth, platform);
    this.#timeScale = new TimeScale(config.poll.scale);
    const now = config.now ?? (() => platform.now());
    this.#authorizer = new Authorizer(config.auth, platform, now);
    this.#transport = new HttpTransport({
      baseUrl: this.baseUrl,
      timeoutMs: config.requestTimeoutMs,
      platform,
      authorizer: this.#authorizer,
      breaker: new CircuitBreaker(config.circuitBreaker.failures, config.circuitBreaker.cooldownMs, () => platform.now()),
      events: this.events,
      redactor: this.#redactor,
      onTimeScale: (scale) => this.#timeScale.learn(scale),
    });
    this.#retry = { ...config.retry, sleep: (ms, signal) => sleep(platform, ms, signal) };
    this.#reader = new TaskReader(this.#transport, this.#retry);
    this.#lookup = new TaskLookup(this.#reader, {
      readConcurrency: READ_CONCURRENCY,
      onReadError: (error) => this.#log('warn', 'poll failed; retrying on the next round', { error: describe(error) }),
    });
    const scale = (): number => this.#timeScale.value;
    this.#state = (config.state ?? memoryState)(this.#accountKey, {
      now: () => platform.now(),
      schedule: (ms, run, options) => platform.schedule(ms, run, options),
      scale,
    });
    const poll = config.poll;
    this.#tracker = new Tracker({
      platform,
      store: this.#state.tasks,
      bus: this.#state.bus,
      shared: this.#state.shared,
      read: (records) => this.#lookup.many(records),
      reread: (id, handle) => this.#lookup.one(this.#targetOf(handle || id)),
      timing: () => ({ minIntervalMs: poll.minIntervalMs * scale(), maxIntervalMs: poll.maxIntervalMs * scale() }),
      batchSize: TASKS_BATCH_LIMIT,
      readConcurrency: READ_CONCURRENCY,
      maxTrackMs: () => MAX_TRACK_MS * scale(),
      sharedIdleMs: () => poll.minIntervalMs * scale(),
      onEnd: (record, task) => this.#onTaskEnd(record, task),
      onError: (error) => this.#log('warn', 'tracking failed; retrying on the next round', { error: describe(error) }),
      onAbandon: (record) =>
        this.#log('warn', 'task not finished after the tracking limit; its slot is freed, read it again by its handle', {
          handle: record.handle,
        }),
    });
    this.#scheduler = new SlotScheduler({
      platform,
      slots: this.#state.slots,
      backoffMs: () => config.concurrencyBackoffMs,
      events: this.events,
    });
    this.#budget = new BudgetGuard(this.#state.budget, config.budget, this.#accountKey);
    this.#account = new AccountReader(this.#transport, this.#retry, () => platform.now());
    this.#metrics = new Metrics(this.events, () => platform.now());
    if (this.#state.shared) {
      this.#recovery = new Recovery({
        platform,
        state: this.#state,
        tracker: this.#tracker,
        reader: this.#reader,
        transport: this.#transport,
        retry: this.#retry,
        budget: this.#budget,
        route: readRoute(config, {}).via === 'tasks' ? 'tasks' : 'legacy',
        everyMs: () => poll.minIntervalMs * scale(),
        unknownExpectedMs: () => this.#expectedMs(undefined),
        onSlotFreed: (pool) => this.#scheduler.publish(pool),
        log: (level, message, fields) => this.#log(level, message, fields),
      });
    }
    this.#ingester = createCallbackIngester({
      secrets: config.webhookSecrets,
      now: () => platform.now(),
      onTask: (task) =>
        void this.#tracker.feed(task).catch((error: unknown) => this.#log('warn', 'callback not applied', { error: describe(error) })),
    });
  }

  /** The configuration, with every credential and webhook secret replaced by `[redacted]`. */
  get config(): ClientConfig {
    return redactConfig(this.#config);
  }

  /** The account's key in slot pools, budgets and shared state (a hash: safe to log). */
  get accountKey(): string {
    return this.#accountKey;
  }

  /** How fast the server's clock runs: 1 against Kling, below 1 against a fast sandbox. */
  get timeScale(): number {
    return this.#timeScale.value;
  }

  /** Prices a request from the catalog; no network. */
  estimate(input: GenerationRequest): Estimate {
    return estimate(input);
  }

  /**
   * Validates, reserves the budget, waits for a concurrency slot and creates the task exactly once.
   * The task is then followed until it ends (its slot is freed and its budget settled then).
   */
  async create(input: GenerationRequest, options: CreateOptions = {}): Promise<CreateResult> {
    const first = validate(input);
    if (this.#recovery) await this.#recovery.ready;
    return withFallbackModels(
      input,
      first,
      this.#config.fallbackModels,
      (request, fallbackFrom) => this.#createValid(request, fallbackFrom, options),
      (model, fallback) => this.#log('warn', 'model refused; trying a fallback model', { model, fallback }),
    );
  }

  /** Creates, then waits (bounded by `timeoutMs`) for the task to end. */
  async generate(
    input: GenerationRequest,
    options: WaitOptions & CreateOptions = {},
  ): Promise<{ created: CreateResult; result: WaitResult }> {
    const created = await this.create(input, options);
    const result = await this.wait(created.handle, options);
    return { created, result };
  }

  /** Reads a task from a handle, a raw Kling id or a gateway id (`kling-t2v-<id>`). */
  async getTask(ref: string, options: CallOptions & { product?: Product } = {}): Promise<Task> {
    const task = await this.#lookup.one(this.#targetOf(ref, options.product), options.signal);
    // What Kling said is the answer; if shared state is down, the tracker sees the end on a later poll.
    await this.#tracker
      .feed(task)
      .catch((error: unknown) => this.#log('warn', 'task read, but not recorded in shared state', { error: describe(error) }));
    return task;
  }

  /** Finds a task by the external id it was created with. */
  async getTaskByExternalId(externalTaskId: string, options: CallOptions & { product?: Product } = {}): Promise<Task> {
    return this.#lookup.byExternalId(externalTaskId, readRoute(this.#config, {}), options.product, options.signal);
  }

  /**
   * Waits for a task to end. Resolves with the task, or — on timeout or cancellation — with a
   * result that carries the handle and when to look again. The task itself keeps running.
   */
  async wait(ref: string, options: WaitOptions = {}): Promise<WaitResult> {
    const target = this.#targetOf(ref);
    if (this.#recovery) await this.#recovery.ready;
    if (!(await this.#tracker.isFollowing(target.id))) {
      const task = await this.#lookup.one(target, options.signal);
      if (isFinal(task.status)) return { done: true, task };
      await this.#tracker.follow({
        id: task.id,
        handle: task.handle,
        route: target.route,
        expectedMs: this.#expectedMs(undefined),
        callback: false,
        startedAt: task.createdAt,
        last: task,
      });
    }
    return this.#tracker.wait(target.id, target.handle, options);
  }

  /** Proves the credentials with one free read (see `verify-credentials.ts`). */
  verifyCredentials(options: CallOptions = {}): Promise<CredentialCheck> {
    return verifyCredentials(
      {
        auth: this.#config.auth,
        request: (method, path, body, opts) => this.request(method, path, body, opts),
        account: (opts) => this.account(opts),
      },
      options.signal,
    );
  }

  /** Packs and remaining units. */
  account(options: CallOptions = {}): Promise<AccountSummary> {
    return this.#account.summary(options.signal);
  }

  /**
   * Any other Kling endpoint (effects, lip-sync, images, …) with the same auth, envelope, errors
   * and retries (GETs only are retried). Returns the envelope's `data`.
   */
  async request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH',
    path: string,
    body?: unknown,
    options: CallOptions & { query?: Record<string, string | number | undefined> } = {},
  ): Promise<unknown> {
    if (!path.startsWith('/')) throw KlingError.invalid('path', `'${path}' must start with / (it is relative to the base URL)`);
    const family = path.startsWith('/v1/')
      ? 'legacy'
      : path.startsWith('/account/')
        ? 'account'
        : this.#authorizer.usesJwt
          ? 'legacy'
          : 'new';
    const send = () => this.#transport.send({ method, path, body, query: options.query, family, signal: options.signal });
    if (method !== 'GET') return (await send()).data;
    return (await withReadRetry(send, this.#retry, options.signal)).data;
  }

  /**
   * Takes a callback request from Kling (raw body and headers). With a webhook secret, only a
   * correctly signed body counts, once (a replay is ignored). Without one, the body is never
   * trusted: it only names a task, which is read from the API — that read is what counts. With
   * `readRunningHints: false`, an unsigned callback that says the task still runs is taken without
   * that read: only an end changes what the tracker does.
   */
  async ingestCallback(
    rawBody: string | Uint8Array,
    headers: WebhookHeaders,
    options: CallOptions & { readRunningHints?: boolean } = {},
  ): Promise<CallbackOutcome> {
    const result = this.#ingester(rawBody, headers);
    if (!result.accepted) return result;
    if (result.verified) return { accepted: true, task: result.task, verifiedBy: 'signature', duplicate: result.duplicate };
    if (options.readRunningHints === false && !isFinal(result.task.status)) {
      return { accepted: true, task: result.task, verifiedBy: 'none', duplicate: false };
    }
    let task: Task;
    try {
      task = await this.getTask(result.task.id, { signal: options.signal });
    } catch (error) {
      if (error instanceof KlingError && (error.kind === 'invalid' || error.kind === 'permission')) {
        return { accepted: false, status: 401, reason: `the API does not know task ${result.task.id.slice(0, 40)}` };
      }
      return { accepted: false, status: 503, reason: 'the task could not be confirmed with the API; try again' };
    }
    return {
      accepted: true,
      task: { ...task, externalTaskId: task.externalTaskId ?? result.task.externalTaskId },
      verifiedBy: 'api',
      duplicate: false,
    };
  }

  metrics(): MetricsSnapshot & { activeTasks: number; pools: PoolStats[] } {
    return { ...this.#metrics.snapshot(), activeTasks: this.#tracker.followed, pools: this.#state.slots.stats() };
  }

  /** JWT signings so far (AK/SK), for diagnostics. */
  get tokenSignings(): number {
    return this.#authorizer.signings;
  }

  async close(): Promise<void> {
    this.#recovery?.stop();
    this.#tracker.close();
    await this.#state.close();
    if (this.#ownsPlatform) await this.#platform.close?.();
  }

  /** What `util.inspect` and `console.log` show: never the configuration (it holds the keys). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `KlingClient { baseUrl: '${this.baseUrl}', account: '${this.#accountKey}' }`;
  }

  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, account: this.#accountKey };
  }

  async #createValid(request: ValidRequest, fallbackFrom: string | undefined, options: CreateOptions): Promise<CreateResult> {
    const platform = this.#platform;
    const externalTaskId = request.externalTaskId ?? `kling-${platform.randomUUID()}`;
    const withIds = { ...request, externalTaskId, callbackUrl: request.callbackUrl ?? this.#config.callbackUrl } as ValidRequest;
    // The ids change nothing in the price: the request as validated is priced without a second check.
    const priced = estimate(request);
    const standard = chooseStandard(this.#config, withIds);
    const wire = encode(withIds, standard);
    const hold = await this.#budget.reserve(externalTaskId, request.model, priced.units, options.budgets);
    const pool = `${this.#accountKey}:${request.model}`;
    const tasks = this.#state.tasks;
    const route = readRoute(this.#config, { standard, product: request.product });
    const pending: PendingCreate = {
      externalTaskId,
      startedAt: platform.now(),
      standard,
      product: request.product,
      route,
      expectedMs: this.#expectedMs(request),
      callback: withIds.callbackUrl !== undefined,
      ...(hold.scopes.length > 0 && { budget: hold }),
    };
    // A reservation waiting for a slot is recorded too, so that a crash while waiting frees it.
    if (pending.budget) await tasks.beginCreate(pending);
    let created: Awaited<ReturnType<typeof createOnce>>;
    let lease: string;
    try {
      ({ result: created, lease } = await this.#scheduler.run(
        pool,
        concurrencyFor(this.#config, request.model),
        async (granted) => {
          // Recorded with its slot before the POST: if this process dies now, another one finds the task by its external id.
          await tasks.beginCreate({ ...pending, slot: { pool, lease: granted } });
          return createOnce(
            { transport: this.#transport, reader: this.#reader, retry: this.#retry },
            wire,
            externalTaskId,
            request.product,
            options.signal,
          );
        },
        options.signal,
        options.slotWaitMs,
      ));
    } catch (error) {
      // Nothing was created unless the error says a task may exist: then its estimate stays reserved.
      if (!(error instanceof KlingError && error.taskMayExist)) await this.#budget.release(hold);
      await tasks.finishCreate(externalTaskId);
      throw error;
    }
    const handle = encodeHandle({ standard, product: request.product, id: created.task.id });
    const task: Task = { ...created.task, handle, standard, product: request.product };
    // An external id used before: that create was charged then; this call reserved nothing real.
    if (created.existing) await this.#budget.release(hold);
    if (!created.existing) {
      this.events.emit('task-created', { handle, model: request.model, estimateUnits: priced.units });
    }
    this.#log(
      'info',
      created.recovered
        ? 'task created (recovered by external id)'
        : created.existing
          ? 'task already existed with this external id'
          : 'task created',
      {
        handle,
        model: request.model,
        externalTaskId,
      },
    );
    let followed: boolean;
    try {
      followed = await this.#tracker.follow({
        id: task.id,
        handle,
        route,
        // Worked out now, not with the pending record: the create's reply may have told the
        // client a sandbox's clock (its first request at all).
        expectedMs: this.#expectedMs(request),
        callback: pending.callback,
        slot: { pool, lease },
        ...(!created.existing && hold.scopes.length > 0 && { budget: hold }),
        last: task,
      });
    } catch (error) {
      // The task exists (shared state failed after the create): say so, with its handle.
      throw new KlingError({
        kind: error instanceof KlingError ? error.kind : 'server',
        message: `task ${handle} was created, but it could not be recorded for following: ${describe(error)}`,
        taskMayExist: true,
        externalTaskId,
        hint: `Read it with its handle ${handle}; do not create it again.`,
        cause: error,
      });
    }
    if (!followed) {
      // The task was already followed (an earlier create with this external id, or one adopted
      // after a crash): that record holds the task's slot and budget, so this create's are freed.
      await this.#state.slots.release(pool, lease);
      this.#scheduler.publish(pool);
      if (!created.existing) await this.#budget.release(hold);
    }
    await tasks.finishCreate(externalTaskId);
    return {
      handle,
      task,
      model: request.model,
      fallbackFrom,
      standard,
      externalTaskId,
      estimate: priced,
      recovered: created.recovered,
      existing: created.existing,
    };
  }

  /** The one process that saw a task end frees its slot and settles its budget (an abandoned task keeps its estimate). */
  async #onTaskEnd(record: TrackedTask, task: Task | undefined): Promise<void> {
    if (record.slot) {
      await this.#state.slots.release(record.slot.pool, record.slot.lease);
      this.#scheduler.publish(record.slot.pool);
    }
    if (!task) return;
    const cost = task.status === 'failed' ? 0 : task.costUnits;
    if (record.budget && cost !== undefined) await this.#budget.settle(record.budget, cost);
    if (record.slot) {
      this.events.emit('task-ended', { handle: record.handle, status: task.status, costUnits: cost, task });
    }
  }

  #expectedMs(request: ValidRequest | undefined): number {
    const seconds = request ? typicalGenerationSeconds(request.model, request.duration) : UNKNOWN_MODEL_SECONDS;
    return seconds * 1000 * this.#timeScale.value;
  }

  #targetOf(ref: string, productHint?: Product) {
    return targetOf(this.#config, ref, productHint, this.#lookup.probed);
  }

  #log(level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void {
    if (!this.#config.logger && this.events.listenerCount('log') === 0) return;
    const safe = { level, message: this.#redactor.text(message), fields: this.#redactor.fields(fields) };
    this.events.emit('log', safe);
    this.#config.logger?.(level, safe.message, safe.fields);
  }
}

/** A copy of the configuration with every credential and webhook secret replaced. */
function redactConfig(config: ClientConfig): ClientConfig {
  const hidden = '[redacted]';
  const auth =
    config.auth.type === 'apiKey'
      ? { ...config.auth, apiKey: hidden }
      : config.auth.type === 'gateway'
        ? { ...config.auth, token: hidden }
        : { ...config.auth, accessKey: hidden, secretKey: hidden };
  return { ...config, auth, webhookSecrets: config.webhookSecrets.map(() => hidden) };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

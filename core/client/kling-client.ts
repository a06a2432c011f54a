import { createHash, randomUUID } from 'node:crypto';
import { PRODUCTS, typicalGenerationSeconds } from '../catalog/index.js';
import type { Product, Standard } from '../catalog/types.js';
import { Authorizer } from '../auth/authorizer.js';
import { createCallbackIngester } from '../callbacks/ingest.js';
import { encode } from '../encode/index.js';
import { KlingError } from '../errors/kling-error.js';
import { Redactor } from '../errors/redact.js';
import { estimate, type Estimate } from '../estimate.js';
import { BudgetGuard } from '../guards/budget.js';
import { ClientEventEmitter } from '../observability/events.js';
import { Metrics, type MetricsSnapshot } from '../observability/metrics.js';
import type { GenerationRequest } from '../request/schema.js';
import { validate, type ValidRequest } from '../request/validate.js';
import { encodeHandle, parseTaskRef } from '../task/handle.js';
import { normalizeRecord } from '../task/normalize.js';
import { isFinal, type Task } from '../task/types.js';
import { CircuitBreaker } from '../transport/circuit-breaker.js';
import { HttpTransport } from '../transport/http-transport.js';
import { withReadRetry } from '../transport/read-retry.js';
import { SlotScheduler, type PoolStats } from '../tracking/scheduler.js';
import { Tracker, type WaitOptions, type WaitResult, type WatchTarget } from '../tracking/tracker.js';
import { AccountReader, type AccountSummary } from './account.js';
import { clientConfigSchema, concurrencyFor, resolveBaseUrl, type ClientConfig, type ClientConfigInput } from './config.js';
import { createOnce } from './create-once.js';
import { chooseStandard, readRoute, type ReadRoute } from './router.js';
import { TASKS_BATCH_LIMIT, TaskReader } from './task-reader.js';
import { parseConfig } from './parse-config.js';
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
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** Where and how to read one task. */
interface ReadTarget {
  id: string;
  handle: string;
  route: ReadRoute;
  standard: Standard;
  product: Product | undefined;
}

/** Tasks that have not ended after this long are no longer followed (Kling's guide: 1–5 minutes). */
const MAX_TRACK_MS = 3 * 60 * 60 * 1000;

/** Typical time assumed for a task read from a bare id, whose model is unknown. */
const UNKNOWN_MODEL_SECONDS = 60;

/** Legacy products in the order a raw id is probed with AK/SK credentials. */
const PROBE_ORDER: readonly Product[] = PRODUCTS;

/**
 * The engine every surface uses: validates, routes, creates exactly once inside a concurrency
 * slot, follows tasks until they end, and reads tasks from handles or raw ids. Surfaces never
 * build Kling URLs or bodies.
 */
export class KlingClient {
  readonly config: ClientConfig;
  readonly events = new ClientEventEmitter();
  readonly baseUrl: string;
  private readonly redactor: Redactor;
  private readonly authorizer: Authorizer;
  private readonly transport: HttpTransport;
  private readonly reader: TaskReader;
  private readonly tracker: Tracker;
  private readonly scheduler: SlotScheduler;
  private readonly budget: BudgetGuard;
  private readonly accountReader: AccountReader;
  private readonly metricsCollector: Metrics;
  private readonly accountKey: string;
  /** Raw ids whose legacy product was found by probing (AK/SK reads). */
  private readonly probed = new Map<string, Product>();
  private readonly ingester: ReturnType<typeof createCallbackIngester>;

  constructor(input: ClientConfigInput) {
    this.config = parseConfig(clientConfigSchema, input);
    const auth = this.config.auth;
    const secrets = [
      auth.type === 'apiKey' ? auth.apiKey : auth.type === 'gateway' ? auth.token : auth.secretKey,
      auth.type === 'accessKey' ? auth.accessKey : undefined,
      ...this.config.webhookSecrets,
    ];
    this.redactor = new Redactor(secrets);
    this.baseUrl = resolveBaseUrl(this.config);
    this.accountKey = createHash('sha256').update(`${this.baseUrl}\n${secrets[0]}\n${secrets[1] ?? ''}`).digest('hex').slice(0, 12);
    this.authorizer = new Authorizer(auth, this.config.now);
    const breaker = new CircuitBreaker(this.config.circuitBreaker.failures, this.config.circuitBreaker.cooldownMs);
    this.transport = new HttpTransport({
      baseUrl: this.baseUrl,
      timeoutMs: this.config.requestTimeoutMs,
      authorizer: this.authorizer,
      breaker,
      events: this.events,
      redactor: this.redactor,
    });
    this.reader = new TaskReader(this.transport, this.config.retry);
    const poll = this.config.poll;
    this.tracker = new Tracker({
      read: (targets) => this.readTargets(targets),
      minIntervalMs: poll.minIntervalMs * poll.scale,
      maxIntervalMs: poll.maxIntervalMs * poll.scale,
      batchSize: TASKS_BATCH_LIMIT,
      maxTrackMs: MAX_TRACK_MS * poll.scale,
      onError: (error) => this.log('warn', 'poll failed; retrying on the next round', { error: describe(error) }),
      onAbandon: (target) =>
        this.log('warn', 'task not finished after the tracking limit; its slot is freed, read it again by its handle', { handle: target.handle }),
    });
    this.scheduler = new SlotScheduler({
      capacityFor: (model) => concurrencyFor(this.config, model),
      backoffMs: this.config.concurrencyBackoffMs,
      recoverAfterMs: 60_000 * poll.scale,
      events: this.events,
    });
    this.budget = new BudgetGuard(this.config.budget);
    this.accountReader = new AccountReader(this.transport, this.config.retry);
    this.metricsCollector = new Metrics(this.events);
    this.ingester = createCallbackIngester({
      secrets: this.config.webhookSecrets,
      onTask: (task) => this.tracker.feed(task),
    });
  }

  /** Prices a request from the catalog; no network. */
  estimate(input: GenerationRequest): Estimate {
    return estimate(input);
  }

  /**
   * Validates, checks the budget, waits for a concurrency slot and creates the task exactly once.
   * The task is then followed until it ends (its slot is freed then).
   */
  async create(input: GenerationRequest, options: CallOptions = {}): Promise<CreateResult> {
    const first = validate(input);
    try {
      return await this.createValid(first, undefined, options);
    } catch (error) {
      if (!isModelRefusal(error) || this.config.fallbackModels.length === 0) throw error;
      for (const model of this.config.fallbackModels) {
        if (model === first.model) continue;
        let candidate: ValidRequest;
        try {
          candidate = validate({ ...input, model });
        } catch {
          continue;
        }
        this.log('warn', 'model refused; trying a fallback model', { model: first.model, fallback: model });
        try {
          return await this.createValid(candidate, first.model, options);
        } catch (fallbackError) {
          if (!isModelRefusal(fallbackError)) throw fallbackError;
        }
      }
      throw error;
    }
  }

  /** Creates, then waits (bounded by `timeoutMs`) for the task to end. */
  async generate(input: GenerationRequest, options: WaitOptions = {}): Promise<{ created: CreateResult; result: WaitResult }> {
    const created = await this.create(input, { signal: options.signal });
    const result = await this.wait(created.handle, options);
    return { created, result };
  }

  /** Reads a task from a handle, a raw Kling id or a gateway id (`kling-t2v-<id>`). */
  async getTask(ref: string, options: CallOptions & { product?: Product } = {}): Promise<Task> {
    const target = this.targetOf(ref, options.product);
    const task = await this.readOne(target, options.signal);
    this.tracker.feed(task);
    return task;
  }

  /** Finds a task by the external id it was created with. */
  async getTaskByExternalId(externalTaskId: string, options: CallOptions & { product?: Product } = {}): Promise<Task> {
    const where = readRoute(this.config, {}).via === 'tasks' ? 'tasks' : options.product ? [options.product] : PROBE_ORDER;
    const found = await this.reader.findByExternalId(externalTaskId, where, options.signal);
    if (!found) throw notFound('externalTaskId', externalTaskId);
    return normalizeRecord(found.record, { product: found.product ?? options.product, externalTaskId });
  }

  /**
   * Waits for a task to end. Resolves with the task, or — on timeout or cancellation — with a
   * result that carries the handle and when to look again. The task itself keeps running.
   */
  async wait(ref: string, options: WaitOptions = {}): Promise<WaitResult> {
    const target = this.targetOf(ref);
    if (!this.tracker.isWatching(target.id)) {
      const task = await this.readOne(target, options.signal);
      if (isFinal(task.status)) return { done: true, task };
      this.tracker.watch({
        id: task.id,
        handle: task.handle,
        route: target.route,
        expectedMs: this.expectedMs(undefined),
        submittedAt: task.createdAt,
        last: task,
      });
    }
    return this.tracker.wait(target.id, options);
  }

  /** Proves the credentials with one free read (see `verify-credentials.ts`). */
  verifyCredentials(options: CallOptions = {}): Promise<CredentialCheck> {
    return verifyCredentials(
      { auth: this.config.auth, request: (method, path, body, opts) => this.request(method, path, body, opts), account: (opts) => this.account(opts) },
      options.signal,
    );
  }

  /** Packs and remaining units. */
  account(options: CallOptions = {}): Promise<AccountSummary> {
    return this.accountReader.summary(options.signal);
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
    const family = path.startsWith('/v1/') ? 'legacy' : path.startsWith('/account/') ? 'account' : this.authorizer.usesJwt ? 'legacy' : 'new';
    const send = () => this.transport.send({ method, path, body, query: options.query, family, signal: options.signal });
    if (method !== 'GET') return (await send()).data;
    return (await withReadRetry(send, this.config.retry, options.signal)).data;
  }

  /** Feeds a callback from Kling (raw body and headers) to the tracker, after checking its signature. */
  ingestCallback(rawBody: string | Uint8Array, headers: Parameters<ReturnType<typeof createCallbackIngester>>[1]) {
    return this.ingester(rawBody, headers);
  }

  metrics(): MetricsSnapshot & { activeTasks: number; pools: PoolStats[] } {
    return { ...this.metricsCollector.snapshot(), activeTasks: this.tracker.active, pools: this.scheduler.stats() };
  }

  /** JWT signings so far (AK/SK), for diagnostics. */
  get tokenSignings(): number {
    return this.authorizer.signings;
  }

  async close(): Promise<void> {
    this.tracker.close();
    await this.transport.close();
  }

  private async createValid(request: ValidRequest, fallbackFrom: string | undefined, options: CallOptions): Promise<CreateResult> {
    const externalTaskId = request.externalTaskId ?? `kling-${randomUUID()}`;
    const withIds = {
      ...request,
      externalTaskId,
      callbackUrl: request.callbackUrl ?? this.config.callbackUrl,
    } as ValidRequest;
    const priced = estimate(withIds);
    this.budget.check(request.model, priced.units);
    const standard = chooseStandard(this.config, withIds);
    const wire = encode(withIds, standard);
    const state = { uncertain: false };
    const { result, release } = await this.scheduler.run(
      this.accountKey,
      request.model,
      () => createOnce({ transport: this.transport, reader: this.reader, retry: this.config.retry }, wire, externalTaskId, request.product, options.signal, state),
      options.signal,
    );
    const handle = encodeHandle({ standard, product: request.product, id: result.task.id });
    const task: Task = { ...result.task, handle, standard, product: request.product };
    this.budget.reserve(externalTaskId, priced.units);
    this.events.emit('task-created', { handle, model: request.model, estimateUnits: priced.units });
    this.log('info', result.recovered ? 'task created (recovered by external id)' : 'task created', { handle, model: request.model, externalTaskId });
    this.tracker.watch(
      {
        id: task.id,
        handle,
        route: readRoute(this.config, { standard, product: request.product }),
        expectedMs: this.expectedMs(request),
        last: task,
      },
      (ended) => {
        release();
        // An abandoned task (see MAX_TRACK_MS) keeps its estimate in the budget.
        if (!isFinal(ended.status)) return;
        const cost = ended.status === 'failed' ? 0 : ended.costUnits;
        this.budget.settle(externalTaskId, cost);
        this.events.emit('task-ended', { handle, status: ended.status, costUnits: cost });
      },
    );
    return { handle, task, model: request.model, fallbackFrom, standard, externalTaskId, estimate: priced, recovered: result.recovered };
  }

  private expectedMs(request: ValidRequest | undefined): number {
    const seconds = request ? typicalGenerationSeconds(request.model, request.duration) : UNKNOWN_MODEL_SECONDS;
    return seconds * 1000 * this.config.poll.scale;
  }

  private targetOf(ref: string, productHint?: Product): ReadTarget {
    const parsed = parseTaskRef(ref);
    if (parsed.kind === 'handle') {
      const product = parsed.product ?? productHint;
      const route = readRoute(this.config, { standard: parsed.standard, product });
      return { id: parsed.id, handle: ref.trim(), route, standard: parsed.standard, product };
    }
    const product = parsed.kind === 'gateway' ? parsed.product : (productHint ?? this.probed.get(parsed.id));
    const route = readRoute(this.config, { product });
    const standard: Standard = route.via === 'tasks' ? 'new' : 'legacy';
    return { id: parsed.id, handle: encodeHandle({ standard, product, id: parsed.id }), route, standard, product };
  }

  private async readOne(target: ReadTarget, signal?: AbortSignal): Promise<Task> {
    const { id, route, handle, standard, product } = target;
    if (route.via === 'tasks') {
      const [record] = await this.reader.byIds([id], signal);
      if (record === undefined) throw notFound('task', id);
      return { ...normalizeRecord(record, { product, handle }), standard };
    }
    if (route.via === 'legacy') {
      const record = await this.reader.legacy(route.product, id, signal);
      if (record === undefined) throw notFound('task', id);
      return normalizeRecord(record, { product: route.product, handle });
    }
    for (const candidate of PROBE_ORDER) {
      const record = await this.reader.legacy(candidate, id, signal);
      if (record !== undefined) {
        this.probed.set(id, candidate);
        return normalizeRecord(record, { product: candidate, handle: encodeHandle({ standard: 'legacy', product: candidate, id }) });
      }
    }
    throw notFound('task', id);
  }

  /**
   * The tracker's batched read: one `/tasks` call per 20 ids, legacy reads one by one. A failed read
   * is reported and skipped: its tasks are tried again on their next poll.
   */
  private async readTargets(targets: WatchTarget[]): Promise<Task[]> {
    const byTasks = targets.filter((target) => target.route.via === 'tasks');
    const others = targets.filter((target) => target.route.via !== 'tasks');
    const tasks: Task[] = [];
    const attempt = async (read: () => Promise<void>): Promise<void> => {
      try {
        await read();
      } catch (error) {
        this.log('warn', 'poll failed; retrying on the next round', { error: describe(error) });
      }
    };
    for (let start = 0; start < byTasks.length; start += TASKS_BATCH_LIMIT) {
      const chunk = byTasks.slice(start, start + TASKS_BATCH_LIMIT);
      await attempt(async () => {
        const records = await this.reader.byIds(chunk.map((target) => target.id));
        const known = new Map(chunk.map((target) => [target.id, target]));
        for (const record of records) {
          const target = known.get(String((record as { id?: unknown }).id ?? ''));
          if (!target) continue;
          const base = normalizeRecord(record, { handle: target.handle, product: target.last?.product });
          tasks.push({ ...base, standard: target.last?.standard ?? base.standard });
        }
      });
    }
    for (const target of others) {
      const standard = target.last?.standard ?? 'legacy';
      await attempt(async () => {
        tasks.push(await this.readOne({ ...target, standard, product: target.last?.product }));
      });
    }
    return tasks;
  }

  private log(level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void {
    const safe = { level, message: this.redactor.text(message), fields: this.redactor.fields(fields) };
    this.events.emit('log', safe);
    this.config.logger?.(level, safe.message, safe.fields);
  }
}

function isModelRefusal(error: unknown): boolean {
  return error instanceof KlingError && (error.code === 1103 || error.code === 1203 || /discontinued/i.test(error.message));
}

function notFound(field: string, id: string): KlingError {
  return new KlingError({
    kind: 'invalid',
    code: 1201,
    field,
    message: `${field}: no task found for '${id}'`,
    hint: 'Check the id; with access key + secret key a task is only found under the product it was created with.',
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

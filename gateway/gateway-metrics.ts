import {
  ClientEventEmitter,
  Metrics,
  codeInfo,
  paysForVideo,
  renderFamily,
  renderPrometheus,
  type AccountSummary,
  type MetricFamily,
  type MetricsSnapshot,
  type PoolStats,
} from '../core/index.js';

/** One answered request: its route template, its Kling code (0 = success) or the failure's kind. */
export interface AnsweredRequest {
  method: string;
  route: string;
  httpStatus: number;
  /** Kling's code in the answer; undefined for answers that are not in Kling's envelope. */
  code: number | undefined;
  /** Why a non-Kling answer failed (`too_large`, `not_found`, …). */
  kind?: string;
  durationMs: number;
}

type PerToken = Map<string, number>;

/**
 * The gateway's figures (the production checklist's): requests per minute, errors by kind,
 * latency percentiles, units spent per token and in total, 1303 answers, callback deliveries;
 * with the engine's own (upstream requests, active tasks, queue depth, slot use) beside them.
 * Counters are this replica's: Prometheus sums the replicas.
 */
export class GatewayMetrics {
  readonly #events = new ClientEventEmitter();
  readonly #requests = new Metrics(this.#events);
  readonly #units: PerToken = new Map();
  readonly #concurrencyRefusals: PerToken = new Map();
  readonly #budgetRefusals: PerToken = new Map();
  readonly #deliveries = new Map<string, number>();
  #packs: AccountSummary | undefined;

  request(answer: AnsweredRequest): void {
    this.#events.emit('request', {
      method: answer.method,
      route: answer.route,
      httpStatus: answer.httpStatus,
      code: answer.code ?? (answer.kind === undefined ? 0 : undefined),
      kind: answer.kind,
      durationMs: answer.durationMs,
    });
  }

  refusedForConcurrency(token: string): void {
    bump(this.#concurrencyRefusals, token, 1);
  }

  refusedForBudget(token: string): void {
    bump(this.#budgetRefusals, token, 1);
  }

  unitsSpent(token: string, units: number): void {
    bump(this.#units, token, units);
  }

  callbackDelivery(token: string, outcome: 'delivered' | 'retried' | 'given_up'): void {
    bump(this.#deliveries, `${token}\n${outcome}`, 1);
  }

  packs(summary: AccountSummary): void {
    this.#packs = summary;
  }

  /** The Prometheus text: the gateway's families, then the engine's under `kling_upstream_`. */
  render(upstream: MetricsSnapshot & { activeTasks: number; pools: PoolStats[] }, tokens: readonly string[]): string {
    const snapshot = this.#requests.snapshot();
    const perToken = (values: PerToken): MetricFamily['samples'] =>
      tokens.map((token) => ({ labels: { token }, value: round(values.get(token) ?? 0) }));
    const totalUnits = [...this.#units.values()].reduce((sum, units) => sum + units, 0);
    const families: MetricFamily[] = [
      {
        name: 'requests_total',
        type: 'counter',
        help: 'Requests answered by the gateway, by method, route and Kling code (0 = success) or failure kind.',
        samples: snapshot.requests.map((r) => ({ labels: { method: r.method, route: r.route, code: r.code }, value: r.count })),
      },
      {
        name: 'requests_last_minute',
        type: 'gauge',
        help: 'Requests answered in the last 60 seconds.',
        samples: [{ value: snapshot.requestsLastMinute }],
      },
      {
        name: 'errors_total',
        type: 'counter',
        help: 'Requests answered with an error, by kind and Kling code.',
        samples: Object.entries(snapshot.errorsByCode).map(([code, count]) => ({ labels: { kind: kindOf(code), code }, value: count })),
      },
      {
        name: 'request_latency_seconds',
        type: 'summary',
        help: 'Latency percentiles of the recent requests (the last 2000).',
        samples: [
          { labels: { quantile: '0.5' }, value: snapshot.latencyMs.p50 / 1000 },
          { labels: { quantile: '0.95' }, value: snapshot.latencyMs.p95 / 1000 },
          { labels: { quantile: '0.99' }, value: snapshot.latencyMs.p99 / 1000 },
        ],
      },
      {
        name: 'units_spent_total',
        type: 'counter',
        help: 'Units charged for tasks that ended, all tokens.',
        samples: [{ value: round(totalUnits) }],
      },
      {
        name: 'token_units_spent_total',
        type: 'counter',
        help: 'Units charged for tasks that ended, per token.',
        samples: perToken(this.#units),
      },
      {
        name: 'concurrency_refusals_total',
        type: 'counter',
        help: 'Creates answered with 1303 (no slot free within the wait), per token.',
        samples: perToken(this.#concurrencyRefusals),
      },
      {
        name: 'budget_refusals_total',
        type: 'counter',
        help: "Creates refused by the token's budget, per token.",
        samples: perToken(this.#budgetRefusals),
      },
      {
        name: 'callback_deliveries_total',
        type: 'counter',
        help: "Callback delivery attempts to clients' URLs, per token and outcome.",
        samples: [...this.#deliveries].map(([key, value]) => {
          const [token, outcome] = key.split('\n') as [string, string];
          return { labels: { token, outcome }, value };
        }),
      },
      {
        name: 'active_tasks',
        type: 'gauge',
        help: 'Tasks followed until they end (all replicas when state is shared).',
        samples: [{ value: upstream.activeTasks }],
      },
      {
        name: 'queue_depth',
        type: 'gauge',
        help: 'Creates waiting for a concurrency slot, per model pool.',
        samples: upstream.pools.map((pool) => ({ labels: { pool: pool.pool }, value: pool.queued })),
      },
      {
        name: 'slots_in_use',
        type: 'gauge',
        help: 'Concurrency slots held (creates in flight and running tasks), per model pool.',
        samples: upstream.pools.map((pool) => ({ labels: { pool: pool.pool }, value: pool.inFlight })),
      },
      {
        name: 'slots_capacity',
        type: 'gauge',
        help: 'Concurrency slots allowed, per model pool.',
        samples: upstream.pools.map((pool) => ({ labels: { pool: pool.pool }, value: pool.capacity })),
      },
      ...this.#packFamilies(),
    ];
    return families.map((family) => renderFamily('kling_gateway_', family)).join('') + renderPrometheus(upstream, 'kling_upstream_');
  }

  #packFamilies(): MetricFamily[] {
    if (this.#packs === undefined) return [];
    const online = this.#packs.packs.filter((pack) => pack.status === 'online' && paysForVideo(pack));
    return [
      {
        name: 'pack_units_remaining',
        type: 'gauge',
        help: "Units left in the account's online video packs (Kling's figure, up to 12 h stale).",
        samples: [{ value: this.#packs.remainingVideoUnits }],
      },
      {
        name: 'pack_units_purchased',
        type: 'gauge',
        help: "Units bought in the account's online video packs.",
        samples: [{ value: online.reduce((sum, pack) => sum + pack.totalUnits, 0) }],
      },
    ];
  }
}

function bump(map: Map<string, number>, key: string, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** `1303` → `concurrency`; a failure kind without a code stays as it is. */
function kindOf(code: string): string {
  return /^\d+$/.test(code) ? (codeInfo(Number(code))?.kind ?? 'server') : code;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

import type { PoolStats } from '../state/slot-store.js';
import type { MetricsSnapshot } from './metrics.js';

type Labels = Record<string, string>;

/** One metric family: what `renderFamily` writes (HELP, TYPE and its samples). */
export interface MetricFamily {
  name: string;
  type: 'counter' | 'gauge' | 'summary';
  help: string;
  samples: { labels?: Labels; value: number }[];
}

/**
 * Renders a client's metrics (`client.metrics()`) in the Prometheus text exposition format
 * (version 0.0.4). Serve it with `Content-Type: text/plain; version=0.0.4`.
 */
export function renderPrometheus(metrics: MetricsSnapshot & { activeTasks: number; pools: PoolStats[] }, prefix = 'kling_'): string {
  const families: MetricFamily[] = [
    {
      name: 'requests_total',
      type: 'counter',
      help: 'Requests to the Kling API by method, route and Kling code (0 = success).',
      samples: metrics.requests.map((r) => ({ labels: { method: r.method, route: r.route, code: r.code }, value: r.count })),
    },
    {
      name: 'requests_last_minute',
      type: 'gauge',
      help: 'Requests to the Kling API in the last 60 seconds.',
      samples: [{ value: metrics.requestsLastMinute }],
    },
    {
      name: 'errors_total',
      type: 'counter',
      help: 'Failed requests by Kling code (or error kind when no reply came).',
      samples: Object.entries(metrics.errorsByCode).map(([code, count]) => ({ labels: { code }, value: count })),
    },
    {
      name: 'request_latency_milliseconds',
      type: 'gauge',
      help: 'Request latency percentiles over the recent requests.',
      samples: [
        { labels: { quantile: '0.5' }, value: metrics.latencyMs.p50 },
        { labels: { quantile: '0.95' }, value: metrics.latencyMs.p95 },
        { labels: { quantile: '0.99' }, value: metrics.latencyMs.p99 },
      ],
    },
    {
      name: 'request_latency_samples',
      type: 'gauge',
      help: 'Requests the latency percentiles are computed from.',
      samples: [{ value: metrics.latencyMs.count }],
    },
    {
      name: 'units_spent_total',
      type: 'counter',
      help: 'Resource-pack units charged for finished tasks.',
      samples: [{ value: metrics.unitsSpent }],
    },
    { name: 'tasks_created_total', type: 'counter', help: 'Tasks created.', samples: [{ value: metrics.tasksCreated }] },
    {
      name: 'tasks_ended_total',
      type: 'counter',
      help: 'Tasks that ended, by final status.',
      samples: Object.entries(metrics.tasksEnded).map(([status, count]) => ({ labels: { status }, value: count })),
    },
    { name: 'active_tasks', type: 'gauge', help: 'Tasks being followed until they end.', samples: [{ value: metrics.activeTasks }] },
    {
      name: 'queue_depth',
      type: 'gauge',
      help: 'Creates waiting for a concurrency slot, per account and model pool.',
      samples: metrics.pools.map((pool) => ({ labels: { pool: pool.pool }, value: pool.queued })),
    },
    {
      name: 'slots_in_use',
      type: 'gauge',
      help: 'Concurrency slots held (creates in flight plus running tasks), per pool.',
      samples: metrics.pools.map((pool) => ({ labels: { pool: pool.pool }, value: pool.inFlight })),
    },
    {
      name: 'slots_capacity',
      type: 'gauge',
      help: 'Concurrency slots currently allowed, per pool (drops after a 1303 refusal).',
      samples: metrics.pools.map((pool) => ({ labels: { pool: pool.pool }, value: pool.capacity })),
    },
  ];
  return families.map((family) => renderFamily(prefix, family)).join('');
}

/** A family in the text exposition format, its name prefixed; for exporters of their own figures (the gateway). */
export function renderFamily(prefix: string, family: MetricFamily): string {
  const name = `${prefix}${family.name}`;
  const lines = [`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`];
  for (const sample of family.samples) lines.push(`${name}${renderLabels(sample.labels)} ${formatValue(sample.value)}`);
  return `${lines.join('\n')}\n`;
}

function renderLabels(labels: Labels | undefined): string {
  if (!labels || Object.keys(labels).length === 0) return '';
  const pairs = Object.entries(labels).map(([key, value]) => `${key}="${escapeLabel(value)}"`);
  return `{${pairs.join(',')}}`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

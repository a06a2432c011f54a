import type { ClientEventEmitter } from './events.js';

export interface MetricsSnapshot {
  requests: { method: string; route: string; code: string; count: number }[];
  errorsByCode: Record<string, number>;
  requestsLastMinute: number;
  latencyMs: { p50: number; p95: number; p99: number; count: number };
  unitsSpent: number;
  tasksCreated: number;
  tasksEnded: Record<string, number>;
  queue: { pool: string; queued: number; inFlight: number; capacity: number }[];
}

const LATENCY_WINDOW = 2_000;

/**
 * Requests per second over the last minute, in 60 buckets: bounded however long nobody reads the
 * metrics (the n8n nodes never do).
 */
class MinuteCounter {
  private readonly counts = new Array<number>(60).fill(0);
  private readonly seconds = new Array<number>(60).fill(-1);

  add(nowMs: number): void {
    const second = Math.floor(nowMs / 1000);
    const slot = second % 60;
    if (this.seconds[slot] !== second) {
      this.seconds[slot] = second;
      this.counts[slot] = 0;
    }
    this.counts[slot] = (this.counts[slot] ?? 0) + 1;
  }

  total(nowMs: number): number {
    const second = Math.floor(nowMs / 1000);
    let total = 0;
    for (let slot = 0; slot < 60; slot += 1) {
      if (second - (this.seconds[slot] ?? -1) < 60) total += this.counts[slot] ?? 0;
    }
    return total;
  }
}

/** Counts what the client's events report; a metrics exporter renders the snapshot. */
export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly errors = new Map<string, number>();
  /** The last LATENCY_WINDOW request durations, as a ring. */
  private readonly latencies: number[] = [];
  private latencyNext = 0;
  private readonly recent = new MinuteCounter();
  private readonly ended = new Map<string, number>();
  private readonly queues = new Map<string, { pool: string; queued: number; inFlight: number; capacity: number }>();
  private units = 0;
  private created = 0;

  constructor(
    events: ClientEventEmitter,
    private readonly now: () => number = Date.now,
  ) {
    events.on('request', (event) => {
      const code = event.code === undefined ? (event.kind ?? 'none') : String(event.code);
      const key = `${event.method} ${event.route} ${code}`;
      this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
      if (event.code !== 0) this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
      this.latencies[this.latencyNext] = event.durationMs;
      this.latencyNext = (this.latencyNext + 1) % LATENCY_WINDOW;
      this.recent.add(this.now());
    });
    events.on('task-created', () => {
      this.created += 1;
    });
    events.on('task-ended', (event) => {
      this.ended.set(event.status, (this.ended.get(event.status) ?? 0) + 1);
      this.units += event.costUnits ?? 0;
    });
    events.on('queue', (event) => this.queues.set(event.pool, event));
  }

  snapshot(): MetricsSnapshot {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (q: number): number =>
      sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);
    return {
      requests: [...this.requests].map(([key, count]) => {
        const [method, route, code] = key.split(' ') as [string, string, string];
        return { method, route, code, count };
      }),
      errorsByCode: Object.fromEntries(this.errors),
      requestsLastMinute: this.recent.total(this.now()),
      latencyMs: { p50: at(0.5), p95: at(0.95), p99: at(0.99), count: sorted.length },
      unitsSpent: Math.round(this.units * 1000) / 1000,
      tasksCreated: this.created,
      tasksEnded: Object.fromEntries(this.ended),
      queue: [...this.queues.values()],
    };
  }
}

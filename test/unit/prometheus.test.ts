import { describe, expect, it } from 'vitest';
import { renderPrometheus } from '../../core/observability/prometheus.js';

describe('renderPrometheus', () => {
  const metrics = {
    requests: [
      { method: 'POST', route: '/text-to-video/kling-3.0-turbo', code: '0', count: 3 },
      { method: 'GET', route: '/tasks', code: '1302', count: 1 },
    ],
    errorsByCode: { '1302': 1, network: 2 },
    requestsLastMinute: 4,
    latencyMs: { p50: 120, p95: 480, p99: 900, count: 4 },
    unitsSpent: 6.4,
    tasksCreated: 3,
    tasksEnded: { succeeded: 2, failed: 1 },
    queue: [],
    activeTasks: 1,
    pools: [{ pool: 'acct "a"\\b/kling-3.0', capacity: 5, configured: 5, queued: 2, inFlight: 3, refusals: 0 }],
  };

  it('writes every family with HELP and TYPE lines, labels and values', () => {
    const text = renderPrometheus(metrics);
    expect(text.endsWith('\n')).toBe(true);
    expect(text).toContain('# TYPE kling_requests_total counter\n');
    expect(text).toContain('kling_requests_total{method="POST",route="/text-to-video/kling-3.0-turbo",code="0"} 3\n');
    expect(text).toContain('kling_errors_total{code="network"} 2\n');
    expect(text).toContain('kling_requests_last_minute 4\n');
    expect(text).toContain('kling_request_latency_milliseconds{quantile="0.99"} 900\n');
    expect(text).toContain('kling_units_spent_total 6.4\n');
    expect(text).toContain('kling_tasks_ended_total{status="failed"} 1\n');
    expect(text).toContain('kling_active_tasks 1\n');
    expect(text).toContain('kling_queue_depth{pool="acct \\"a\\"\\\\b/kling-3.0"} 2\n');
    expect(text).toContain('kling_slots_in_use{pool="acct \\"a\\"\\\\b/kling-3.0"} 3\n');
  });

  it('has one HELP and one TYPE line per family, and only sample lines besides', () => {
    const lines = renderPrometheus(metrics, 'x_').trimEnd().split('\n');
    const types = lines.filter((line) => line.startsWith('# TYPE '));
    expect(types.length).toBe(lines.filter((line) => line.startsWith('# HELP ')).length);
    expect(new Set(types).size).toBe(types.length);
    for (const line of lines.filter((candidate) => !candidate.startsWith('#'))) {
      expect(line).toMatch(/^x_[a-z_]+(\{[^}]*\})? -?[0-9.e+]+$/);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/index.js';
import { eventually, gateway, kling, newStandardBody, token, upstream, type TestGateway } from './helpers.js';

const METRICS_TOKEN = 'metrics-reader-token-0123456789';

describe('gateway: /healthz, /readyz and /metrics', () => {
  let box: Sandbox;
  let gw: TestGateway;
  let broken: TestGateway;
  const team = token('team');
  const quiet = token('quiet');

  beforeAll(async () => {
    box = await upstream();
    gw = await gateway(box, [team, quiet], { metricsToken: METRICS_TOKEN });
    // The same gateway with a key Kling does not know.
    broken = await gateway(box, [team], {}, { apiKey: 'not-the-accounts-key' });
  });

  afterAll(async () => {
    await gw?.close();
    await broken?.close();
    await box?.stop();
  });

  it('is healthy while it runs, and ready only when Kling accepts its key', async () => {
    expect(await kling(gw.url, undefined, 'GET', '/healthz')).toMatchObject({
      status: 200,
      body: { status: 'ok', version: expect.any(String) },
    });
    expect(await kling(gw.url, undefined, 'GET', '/readyz')).toMatchObject({
      status: 200,
      body: { ready: true, checks: { upstream: 'ok', redis: 'not configured (memory state)' } },
    });
    expect((await kling(broken.url, undefined, 'GET', '/healthz')).status).toBe(200);
    const notReady = await kling(broken.url, undefined, 'GET', '/readyz');
    expect(notReady.status).toBe(503);
    expect(notReady.body).toMatchObject({ ready: false, checks: { upstream: expect.stringMatching(/^failing: .*1000|authentication/i) } });
    expect(notReady.text).not.toContain('not-the-accounts-key');
  });

  it('serves the production figures in Prometheus text, behind its own token when one is set', async () => {
    expect((await kling(gw.url, undefined, 'GET', '/metrics')).status).toBe(401);
    expect((await kling(gw.url, 'wrong-token-wrong-token', 'GET', '/metrics')).status).toBe(401);
    const created = await kling(gw.url, team.secret, 'POST', '/text-to-video/kling-3.0-turbo', newStandardBody('metrics-1'));
    await kling(gw.url, team.secret, 'POST', '/text-to-video/kling-9', { prompt: 'x' });
    await eventually(
      () => kling(gw.url, team.secret, 'GET', `/tasks?task_ids=${created.body.data.id}`),
      (answer) => answer.body.data?.[0]?.status === 'succeeded',
      'the task ends',
    );
    const metrics = await eventually(
      () => kling(gw.url, METRICS_TOKEN, 'GET', '/metrics'),
      (answer) => answer.text.includes('kling_gateway_token_units_spent_total{token="team"} 2.4'),
      'the units are counted',
    );
    const text = metrics.text;
    expect(text).toMatch(/^kling_gateway_requests_total\{method="POST",route="\/text-to-video\/\{model\}",code="0"\} 1$/m);
    expect(text).toMatch(/^kling_gateway_requests_last_minute \d+$/m);
    expect(text).toContain('kling_gateway_errors_total{kind="invalid",code="1203"} 1');
    for (const quantile of ['0.5', '0.95', '0.99'])
      expect(text).toMatch(new RegExp(`^kling_gateway_request_latency_seconds\\{quantile="${quantile}"\\} [0-9.e-]+$`, 'm'));
    expect(text).toContain('kling_gateway_token_units_spent_total{token="quiet"} 0');
    expect(text).toMatch(/^kling_gateway_units_spent_total 2\.4$/m);
    expect(text).toMatch(/^kling_gateway_active_tasks \d+$/m);
    expect(text).toMatch(/^kling_gateway_queue_depth\{pool="[0-9a-f]{12}:kling-3\.0-turbo"\} 0$/m);
    expect(text).toMatch(/^kling_gateway_slots_in_use\{pool="[0-9a-f]{12}:kling-3\.0-turbo"\} \d+$/m);
    expect(text).toContain('kling_gateway_concurrency_refusals_total{token="team"} 0');
    expect(text).toMatch(/^kling_gateway_pack_units_remaining [0-9.]+$/m);
    expect(text).toMatch(/^kling_upstream_requests_total\{method="POST",route="\/text-to-video\/kling-3\.0-turbo",code="0"\} 1$/m);
    expect(text).toContain('# TYPE kling_upstream_errors_total counter');
    const sample = /^[a-z_]+(\{([a-z_]+="([^"\\]|\\.)*",?)*\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$/;
    expect(text.split('\n').filter((line) => line !== '' && !line.startsWith('#') && !sample.test(line))).toEqual([]);
    expect(text).toContain('# TYPE kling_gateway_request_latency_seconds summary');
  });
});

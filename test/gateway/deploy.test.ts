import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfig } from '../../gateway/config.js';
import type { Sandbox } from '../../sandbox/index.js';
import { ROOT } from '../../scripts/ensure-build.js';
import { eventually, gateway, kling, newStandardBody, token, upstream, type TestGateway } from './helpers.js';

const DEPLOY = path.join(ROOT, 'deploy');
const promtool = spawnSync('promtool', ['--version']).status === 0;

/** Metric names an expression uses: `kling_…`, without the label sets. */
function metricNames(text: string): Set<string> {
  return new Set([...text.matchAll(/\bkling_[a-z0-9_]+/g)].map((match) => match[0]));
}

describe('gateway: the operations files in deploy/', () => {
  let box: Sandbox;
  let gw: TestGateway;
  const team = token('team');

  beforeAll(async () => {
    box = await upstream();
    gw = await gateway(box, [team]);
  });

  afterAll(async () => {
    await gw?.close();
    await box?.stop();
  });

  // CI installs Debian's prometheus package (.ci/run); a developer without promtool skips this one.
  it.skipIf(!promtool && !process.env.CI)('promtool passes the alert rules, their unit tests and the Prometheus config', () => {
    for (const args of [
      ['check', 'rules', 'prometheus/alerts.yml'],
      ['test', 'rules', 'prometheus/alerts.test.yml'],
      ['check', 'config', 'prometheus/prometheus.yml'],
    ]) {
      const run = spawnSync('promtool', args, { cwd: DEPLOY, encoding: 'utf8' });
      expect({ args, status: run.status, output: `${run.stdout}${run.stderr}` }).toMatchObject({ status: 0 });
    }
  });

  it('uses in the alert rules and the Grafana dashboard only metrics a running gateway exports', async () => {
    const created = await kling(gw.url, team.secret, 'POST', '/text-to-video/kling-3.0-turbo', newStandardBody('deploy-1'));
    await eventually(
      () => kling(gw.url, team.secret, 'GET', `/tasks?task_ids=${created.body.data.id}`),
      (answer) => answer.body.data?.[0]?.status === 'succeeded',
      'the task ends',
    );
    const metrics = await eventually(
      () => kling(gw.url, undefined, 'GET', '/metrics'),
      (answer) => answer.text.includes('kling_gateway_pack_units_purchased'),
      'the packs are read',
    );
    const exported = new Set([...metrics.text.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1] as string));
    const dashboard = JSON.parse(readFileSync(path.join(DEPLOY, 'grafana/kling-gateway.json'), 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    const used = new Set([
      ...metricNames(readFileSync(path.join(DEPLOY, 'prometheus/alerts.yml'), 'utf8')),
      ...dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => [...metricNames(target.expr)])),
    ]);
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
    // The production checklist's figures are all on the dashboard.
    const titles = dashboard.panels.map((panel) => panel.title.toLowerCase()).join('\n');
    for (const figure of ['requests per minute', 'error', 'latency', 'units spent per token', 'active tasks', 'queue', 'slots', '1303']) {
      expect(titles).toContain(figure);
    }
  });

  it('keeps the example configuration valid and the compose file pointing at files that exist', () => {
    const example = JSON.parse(readFileSync(path.join(DEPLOY, 'gateway.example.json'), 'utf8')) as unknown;
    const config = gatewayConfig({ file: example, source: 'gateway.example.json', env: { KLING_API_KEY: 'k' }, cwd: DEPLOY });
    expect(config.tokens.map((entry) => entry.name)).toEqual(['n8n', 'agents']);
    const compose = readFileSync(path.join(DEPLOY, 'compose.yml'), 'utf8');
    expect(compose).toMatch(/^ {2}gateway-a:$/m);
    expect(compose).toMatch(/^ {2}gateway-b:$/m);
    expect(compose).toMatch(/^ {2}redis:$/m);
    expect(compose).toContain('KLING_REDIS_URL: redis://redis:6379');
    for (const [, file] of compose.matchAll(/- \.\/(\S+?):/g)) {
      if (file !== 'gateway.json') expect(existsSync(path.join(DEPLOY, file as string)), file).toBe(true);
    }
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KlingError } from '../../core/index.js';
import { KlingClient } from '../../core/index.js';
import { DEMO_API_KEY, type Sandbox } from '../../sandbox/index.js';
import { bin, ensureBuilt } from '../cli/helpers.js';
import { callbackReceiver } from '../core/support.js';
import { freePort } from '../mcp/helpers.js';
import { startRedis, type RedisServer } from '../redis/redis-server.js';
import {
  eventually,
  kling,
  legacyBody,
  newStandardBody,
  token,
  upstream,
  UPSTREAM_WEBHOOK_SECRET,
  type Json,
  type TestToken,
} from './helpers.js';

/** Sandbox clock: a kling-2.6 5 s video takes about a second, so 26 of them queue for 5 slots. */
const SCALE = 0.02;
const ACCOUNT_LIMIT = 5;

type Receiver = Awaited<ReturnType<typeof callbackReceiver>>;

interface Replica {
  url: string;
  child: ChildProcess;
  output(): string;
}

/** `kling serve` as a deployment runs it: the built command, its own process, the shared Redis and folder. */
async function startReplica(name: string, configFile: string, env: Record<string, string>): Promise<Replica> {
  const port = await freePort();
  const child = spawn(process.execPath, [bin, 'serve', '--config', configFile, '--port', String(port)], {
    env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), KLING_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  await eventually(
    async () => output,
    (text) => /listening on http/.test(text) || child.exitCode !== null,
    `replica ${name} starts`,
  );
  if (child.exitCode !== null) throw new Error(`replica ${name} exited:\n${output}`);
  return { url: `http://127.0.0.1:${port}`, child, output: () => output };
}

/**
 * The load balancer in front of the replicas. Kling's callbacks go to one public URL: each is
 * sent to both replicas (as a retrying balancer might), so a callback acted on twice would show.
 * Other requests (stored videos) go round-robin.
 */
async function balancer(replicas: () => Replica[]): Promise<{ url: string; close(): Promise<void> }> {
  let next = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)),
      ) as Record<string, string>;
      const targets = req.url === '/kling/callback' ? replicas() : [replicas()[next++ % replicas().length] as Replica];
      void Promise.all(
        targets.map((target) => fetch(`${target.url}${req.url}`, { method: req.method, headers, ...(body.length > 0 && { body }) })),
      ).then(
        async ([first]) => {
          res.writeHead(first!.status, { 'content-type': first!.headers.get('content-type') ?? 'application/octet-stream' });
          res.end(Buffer.from(await first!.arrayBuffer()));
        },
        () => res.writeHead(502).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('gateway: two replicas on one Redis, three tokens, sixty creates', () => {
  let box: Sandbox;
  let redis: RedisServer;
  let front: Awaited<ReturnType<typeof balancer>>;
  const replicas: Replica[] = [];
  let dataDir: string;
  const receivers: Record<string, Receiver> = {};
  const clients: KlingClient[] = [];
  // alpha: 20 raw new-standard creates of 2.4 units under 12 a day → 5 tasks.
  const alpha: TestToken = token('alpha', { budget: { units: 12, per: 'day' }, models: ['kling-3.0-turbo'] });
  // beta: 20 raw legacy creates of 1.5 units under 15 a month → 10 tasks.
  const beta: TestToken = token('beta', { budget: { units: 15, per: 'month' } });
  // gamma: 20 creates of 1.5 units from the core client in Gateway mode, both request styles, under 24 a day → 16 tasks.
  const gamma: TestToken = token('gamma', { budget: { units: 24, per: 'day' } });
  const tokens = { alpha, beta, gamma };
  const created: Record<string, string[]> = { alpha: [], beta: [], gamma: [] };
  const refused: Record<string, unknown[]> = { alpha: [], beta: [], gamma: [] };

  beforeAll(async () => {
    await ensureBuilt();
    box = await upstream({ timeScale: SCALE, concurrency: ACCOUNT_LIMIT });
    redis = await startRedis();
    for (const name of Object.keys(tokens)) receivers[name] = await callbackReceiver(() => ({ status: 200 }));
    front = await balancer(() => replicas);
    dataDir = mkdtempSync(path.join(tmpdir(), 'kling-gateway-replicas-'));
    const configFile = path.join(dataDir, 'gateway.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        publicUrl: front.url,
        upstream: { baseUrl: box.url, pollScale: SCALE, webhookSecret: UPSTREAM_WEBHOOK_SECRET, concurrency: ACCOUNT_LIMIT },
        tokens: Object.values(tokens).map((entry) => entry.config),
        slotWaitSeconds: 300,
        callbacks: { retryDelayMs: 50 },
      }),
    );
    const env = { KLING_API_KEY: DEMO_API_KEY, KLING_REDIS_URL: redis.url, KLING_GATEWAY_DATA_DIR: dataDir };
    replicas.push(await startReplica('one', configFile, env), await startReplica('two', configFile, env));
  }, 300_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    for (const replica of replicas) {
      const exited = new Promise((resolve) => replica.child.once('exit', resolve));
      replica.child.kill('SIGTERM');
      await exited;
    }
    await front?.close();
    await Promise.all(Object.values(receivers).map((receiver) => receiver.close()));
    await redis?.stop();
    await box?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const gatewayClient = (replica: Replica, standard: 'new' | 'legacy'): KlingClient => {
    const client = new KlingClient({
      auth: { type: 'gateway', token: gamma.secret, standard },
      baseUrl: replica.url,
      poll: { scale: SCALE, minIntervalMs: 1_000, maxIntervalMs: 30_000 },
      retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 50 },
    });
    clients.push(client);
    return client;
  };

  it('keeps the account under its limit with no 1303 from Kling, and each token inside its budget exactly', async () => {
    const replica = (index: number): Replica => replicas[index % 2] as Replica;
    const raw = async (name: 'alpha' | 'beta', index: number): Promise<void> => {
      const secret = tokens[name].secret;
      const answer =
        name === 'alpha'
          ? await kling(
              replica(index).url,
              secret,
              'POST',
              '/text-to-video/kling-3.0-turbo',
              newStandardBody(`${name}-${index}`, receivers[name]!.url),
            )
          : await kling(replica(index).url, secret, 'POST', '/v1/videos/text2video', legacyBody(`${name}-${index}`, receivers[name]!.url));
      if (answer.status === 200) created[name]!.push((answer.body.data.id ?? answer.body.data.task_id) as string);
      else refused[name]!.push(answer.body);
    };
    const viaClient = async (index: number): Promise<void> => {
      const client = index % 2 === 0 ? newClient : legacyClient;
      try {
        const result = await client.create({
          model: 'kling-2.6',
          prompt: 'rain on a window',
          duration: 5,
          externalTaskId: `gamma-${index}`,
          callbackUrl: receivers.gamma!.url,
        });
        created.gamma!.push(result.task.id);
      } catch (error) {
        refused.gamma!.push(error);
      }
    };
    const newClient = gatewayClient(replicas[0] as Replica, 'new');
    const legacyClient = gatewayClient(replicas[1] as Replica, 'legacy');
    await Promise.all(Array.from({ length: 20 }, (_, index) => [raw('alpha', index), raw('beta', index), viaClient(index)]).flat());

    expect(created.alpha).toHaveLength(5);
    expect(created.beta).toHaveLength(10);
    expect(created.gamma).toHaveLength(16);
    for (const answer of [...refused.alpha!, ...refused.beta!] as Json[]) expect(answer).toMatchObject({ code: 1102 });
    for (const error of refused.gamma!) expect(error).toMatchObject({ kind: 'balance', code: 1102 });
    expect((refused.gamma![0] as KlingError).message).toMatch(/daily budget of token 'gamma' of 24 units/);

    const stats = box.stats();
    expect(stats.creates.accepted).toBe(31);
    expect(Object.values(stats.creates.tasksByExternalId).every((count) => count === 1)).toBe(true);
    for (const pool of Object.values(stats.concurrency)) {
      expect(pool.peak).toBeLessThanOrEqual(ACCOUNT_LIMIT);
      expect(pool.refused).toBe(0);
    }
    expect(Object.values(stats.concurrency).some((pool) => pool.peak === ACCOUNT_LIMIT)).toBe(true);
    process.stderr.write(
      `[gateway replicas] upstream peaks ${JSON.stringify(Object.fromEntries(Object.entries(stats.concurrency).map(([pool, value]) => [pool, value.peak])))}, 1303 from Kling: ${Object.values(stats.concurrency).reduce((sum, pool) => sum + pool.refused, 0)}\n`,
    );
  });

  it("delivers each token's callbacks once, verifiable with that token's secret only", async () => {
    await eventually(
      async () => Object.entries(receivers).map(([name, receiver]) => receiver.received.length - (created[name]?.length ?? 0)),
      (missing) => missing.every((count) => count >= 0),
      'every task has its callback',
      2_000,
    );
    await box.callbacksIdle();
    // Every delivery job has finished: each token's audit log (both replicas write it) has one delivery per task.
    const deliveries = (name: string): Json[] => {
      const file = path.join(dataDir, 'audit', `${name}.jsonl`);
      const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
      return text
        .split('\n')
        .filter((line) => line.includes('"callback-delivery"'))
        .map((line) => JSON.parse(line) as Json);
    };
    await eventually(
      async () => Object.keys(tokens).map((name) => deliveries(name).length - created[name]!.length),
      (missing) => missing.every((count) => count >= 0),
      'every delivery is audited',
    );
    for (const name of Object.keys(tokens)) {
      expect(deliveries(name).map((line) => line.outcome)).toEqual(created[name]!.map(() => 'ok'));
      expect(new Set(deliveries(name).map((line) => line.taskId)).size).toBe(created[name]!.length);
    }
    for (const [name, receiver] of Object.entries(receivers)) {
      const secret = tokens[name as keyof typeof tokens].config.webhookSecret;
      expect(receiver.received).toHaveLength(created[name]!.length);
      const ids = receiver.received.map((delivery) => {
        const record = new Webhook(secret.slice('whsec_'.length)).verify(delivery.body, delivery.headers as Record<string, string>) as Json;
        return String(record.id ?? record.task_id);
      });
      expect(ids.sort()).toEqual([...created[name]!].sort());
      for (const [other, entry] of Object.entries(tokens)) {
        if (other === name) continue;
        expect(() =>
          new Webhook(entry.config.webhookSecret.slice('whsec_'.length)).verify(
            receiver.received[0]!.body,
            receiver.received[0]!.headers as Record<string, string>,
          ),
        ).toThrow();
      }
    }
  });

  it("reads Kling at most 1.5 times per finished task, and never shows a token another token's task", async () => {
    const reads = Object.entries(box.stats().requests.byRoute)
      .filter(([route]) => route === 'GET /tasks' || route === 'GET /v1/videos/{product}/{id}')
      .reduce((sum, [, codes]) => sum + Object.values(codes).reduce((total, count) => total + count, 0), 0);
    const finished = box.stats().tasks.byStatus.succeeded + box.stats().tasks.byStatus.failed;
    expect(finished).toBe(31);
    process.stderr.write(
      `[gateway replicas] Kling task reads: ${reads} for ${finished} finished tasks (${(reads / finished).toFixed(2)} per task)\n`,
    );
    expect(reads / finished).toBeLessThanOrEqual(1.5);

    for (const [owner, ids] of Object.entries(created)) {
      for (const [name, entry] of Object.entries(tokens)) {
        for (const replica of replicas) {
          const seen = await kling(replica.url, entry.secret, 'GET', `/tasks?task_ids=${ids.join(',')}`);
          expect(seen.body.data).toHaveLength(name === owner ? ids.length : 0);
          const legacy = await kling(replica.url, entry.secret, 'GET', `/v1/videos/text2video/${ids[0]}`);
          expect(legacy.status).toBe(name === owner ? 200 : 400);
        }
      }
    }
  });

  it('refuses creates rather than send them without a shared slot when Redis is gone, and says so on /readyz', async () => {
    const before = box.stats().creates.accepted;
    await redis.stop();
    const answer = await kling(replicas[0]!.url, alpha.secret, 'POST', '/text-to-video/kling-3.0-turbo', newStandardBody('after-redis'));
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ code: 5001 });
    expect(answer.text).not.toContain(redis.url);
    const ready = await kling(replicas[1]!.url, undefined, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.redis).toMatch(/^failing/);
    expect(box.stats().creates.accepted).toBe(before);
  });
});

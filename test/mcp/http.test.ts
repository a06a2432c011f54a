import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import packageJson from '../../package.json' with { type: 'json' };
import type { Client } from '@modelcontextprotocol/client';
import type { Sandbox } from '../../sandbox/index.js';
import {
  buildServer,
  connectHttp,
  freePort,
  runToExit,
  sandboxEnv,
  sandboxForTests,
  SETUP_TIMEOUT_MS,
  startHttpServer,
  structured,
  type HttpServerProcess,
} from './helpers.js';

const TOKEN = 'test-token-4f1c9a';
const WEBHOOK_SECRET = 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0MTI=';
const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

/** A raw request, so the Host and Origin headers are exactly what a test says. */
function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown },
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = httpRequest(
      url,
      {
        method: options.method ?? (body ? 'POST' : 'GET'),
        headers: { ...(body && { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }), ...options.headers },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const CANCELLED = /wait cancelled by the client; the task keeps running \{"handle":"(kt1\.[^"]+)"\}/g;

/** Handles of the waits the server logged as cancelled, oldest first. */
function cancelledHandles(server: HttpServerProcess): string[] {
  return [...server.stderr().matchAll(CANCELLED)].map((match) => match[1] as string);
}

describe('kling-mcp --http', () => {
  let sandbox: Sandbox;
  let server: HttpServerProcess;
  let legacy: Client;
  let modern: Client;

  beforeAll(async () => {
    await buildServer();
    sandbox = await sandboxForTests({ webhookSecret: WEBHOOK_SECRET });
    const port = await freePort();
    server = await startHttpServer(
      sandboxEnv(sandbox, 0.05, {
        KLING_MCP_TOKEN: TOKEN,
        KLING_PUBLIC_URL: `http://127.0.0.1:${port}`,
        KLING_WEBHOOK_SECRET: WEBHOOK_SECRET,
      }),
      ['--port', String(port)],
    );
    legacy = await connectHttp(server.url, { token: TOKEN });
    modern = await connectHttp(server.url, { token: TOKEN, era: 'modern' });
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await legacy?.close();
    await modern?.close();
    await server?.close();
    await sandbox?.stop();
  });

  it('refuses MCP requests without the bearer token, or with another one', async () => {
    const none = await raw(server.url, { body: INITIALIZE });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.body).toContain('KLING_MCP_TOKEN');
    expect(none.body).not.toContain(TOKEN);
    const wrong = await raw(server.url, { body: INITIALIZE, headers: { authorization: 'Bearer not-the-token' } });
    expect(wrong.status).toBe(401);
    const right = await raw(server.url, { body: INITIALIZE, headers: { authorization: `Bearer ${TOKEN}` } });
    expect(right.status).toBe(200);
  });

  it('refuses foreign Host and Origin headers (DNS rebinding)', async () => {
    const authorized = { authorization: `Bearer ${TOKEN}` };
    expect((await raw(server.url, { body: INITIALIZE, headers: { ...authorized, host: 'evil.example.com' } })).status).toBe(403);
    expect((await raw(server.url, { body: INITIALIZE, headers: { ...authorized, origin: 'http://evil.example.com' } })).status).toBe(403);
    expect((await raw(server.url, { body: INITIALIZE, headers: { ...authorized, origin: 'http://localhost:5173' } })).status).toBe(200);
  });

  it('answers /healthz without a token', async () => {
    const health = await raw(`${server.origin}/healthz`, {});
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', version: packageJson.version, credentials: 'configured' });
    expect(typeof JSON.parse(health.body).active_tasks).toBe('number');
  });

  it('answers an unknown session id with 404, so a 2025-era client starts a new session', async () => {
    const stale = await raw(server.url, {
      body: { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      headers: { authorization: `Bearer ${TOKEN}`, 'mcp-session-id': 'no-such-session', 'mcp-protocol-version': '2025-06-18' },
    });
    expect(stale.status).toBe(404);
    expect(JSON.parse(stale.body).error.message).toMatch(/Session not found/);
  });

  it('serves both protocol generations from one endpoint', () => {
    expect(legacy.getProtocolEra()).toBe('legacy');
    expect(modern.getProtocolEra()).toBe('modern');
  });

  for (const era of ['legacy', 'modern'] as const) {
    it(`generates a video for a ${era} client, with increasing progress; Kling's signed callbacks reach the server`, async () => {
      const client = era === 'legacy' ? legacy : modern;
      const before = sandbox.stats().callbacks;
      const progress: number[] = [];
      const result = await client.callTool(
        {
          name: 'generate_video',
          arguments: { model: 'kling-3.0-turbo', prompt: `a kite over a beach (${era})`, duration: 3, wait_seconds: 40 },
        },
        { onprogress: (update) => progress.push(update.progress) },
      );
      expect(result.isError).toBeFalsy();
      expect(structured(result)).toMatchObject({ status: 'succeeded', done: true, cost_units: 2.4 });
      expect(progress.length).toBeGreaterThan(1);
      expect(progress.at(-1)).toBe(100);
      for (let index = 1; index < progress.length; index += 1) expect(progress[index]).toBeGreaterThan(progress[index - 1] as number);

      await sandbox.callbacksIdle();
      const after = sandbox.stats().callbacks;
      expect(after.delivered).toBeGreaterThan(before.delivered);
      expect(after.signed).toBeGreaterThan(before.signed);
      expect(after.failed).toBe(before.failed);
    });
  }

  it('refuses callbacks whose signature does not check out', async () => {
    const forged = await raw(`${server.origin}/kling/callback`, {
      body: { id: '123456789012345678', status: 'succeeded', outputs: [] },
      headers: { 'webhook-id': 'x', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' },
    });
    expect(forged.status).toBe(401);
  });

  for (const era of ['legacy', 'modern'] as const) {
    it(`stops the wait when a ${era} client cancels; the task stays readable`, async () => {
      const client = era === 'legacy' ? legacy : modern;
      const before = cancelledHandles(server).length;
      const controller = new AbortController();
      const call = client.callTool(
        { name: 'generate_video', arguments: { model: 'kling-2.6', prompt: `a slow sunrise (${era})`, duration: 5, wait_seconds: 40 } },
        { signal: controller.signal, onprogress: () => controller.abort('stop') },
      );
      await expect(call).rejects.toThrow();
      // Logged only when the wait ended by cancellation (a wait that ran on would end with the task).
      await expect.poll(() => cancelledHandles(server).length, { timeout: 10_000 }).toBe(before + 1);
      const handle = cancelledHandles(server)[before] as string;
      const later = structured(await client.callTool({ name: 'get_task', arguments: { task: handle, wait_seconds: 40 } }));
      expect(later).toMatchObject({ handle, status: 'succeeded' });
    });
  }

  it('exports Prometheus metrics behind the token', async () => {
    expect((await raw(`${server.origin}/metrics`, {})).status).toBe(401);
    const metrics = await raw(`${server.origin}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.body).toMatch(/^# TYPE kling_requests_total counter$/m);
    expect(metrics.body).toMatch(/^kling_requests_total\{method="POST",route="\/text-to-video\/kling-3\.0-turbo",code="0"\} 2$/m);
    expect(metrics.body).toMatch(/^kling_tasks_created_total 4$/m);
    expect(metrics.body).toMatch(/^kling_units_spent_total [1-9]/m);
    expect(metrics.body).toMatch(/^kling_request_latency_milliseconds\{quantile="0\.95"\} \d+/m);
    expect(metrics.body).toMatch(/^kling_active_tasks \d+$/m);
    expect(metrics.body).toMatch(/^kling_queue_depth\{pool="[^"]+"\} 0$/m);
    expect(metrics.body).not.toContain(TOKEN);
  });

  it('serves health, zero metrics and refuses callbacks when no credentials are set', async () => {
    const bare = await startHttpServer({ KLING_LOG_LEVEL: 'info' }, ['--port', '0']);
    try {
      const origin = bare.origin;
      expect(JSON.parse((await raw(`${origin}/healthz`, {})).body)).toMatchObject({
        status: 'ok',
        credentials: 'missing',
        active_tasks: 0,
      });
      const metrics = await raw(`${origin}/metrics`, {});
      expect(metrics.status).toBe(200);
      expect(metrics.body).toMatch(/^# TYPE kling_requests_total counter$/m);
      expect(metrics.body).toMatch(/^kling_tasks_created_total 0$/m);
      expect(metrics.body).toMatch(/^kling_active_tasks 0$/m);
      const callback = await raw(`${origin}/kling/callback`, { body: { id: '1', status: 'succeeded' } });
      expect(callback.status).toBe(503);
    } finally {
      await bare.close();
    }
  });

  it('will not bind a non-loopback address without a token', async () => {
    const result = await runToExit({}, ['--http', '--host', '0.0.0.0', '--port', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/requires a bearer token: set KLING_MCP_TOKEN/);
  });
});

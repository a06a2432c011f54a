import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import type { Sandbox } from '../../sandbox/index.js';
import {
  buildServer,
  runToExit,
  sandboxEnv,
  sandboxForTests,
  SETUP_TIMEOUT_MS,
  startHttpServer,
  type HttpServerProcess,
} from './helpers.js';

/** Regression tests for the MCP HTTP server's defects in issue 15 (items 7, 8, 9 and 14). */

function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string },
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? (options.body === undefined ? 'GET' : 'POST'), headers: options.headers },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const initialize = (client: string, id = 1): string =>
  JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: client, version: '1' } },
  });
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

describe('kling-mcp --http on loopback without a token (issue 15)', () => {
  let sandbox: Sandbox;
  let server: HttpServerProcess;

  beforeAll(async () => {
    await buildServer();
    sandbox = await sandboxForTests();
    server = await startHttpServer(sandboxEnv(sandbox, 0.05, { KLING_LOG_LEVEL: 'info' }), ['--port', '0']);
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await server?.close();
    await sandbox?.stop();
  });

  it('refuses /metrics to a foreign Host or Origin, as /mcp does (DNS rebinding)', async () => {
    const metrics = `${server.origin}/metrics`;
    expect((await send(metrics, { headers: { host: 'evil.example' } })).status).toBe(403);
    expect((await send(metrics, { headers: { origin: 'http://evil.example' } })).status).toBe(403);
    expect((await send(server.url, { body: initialize('x'), headers: { ...MCP_HEADERS, host: 'evil.example' } })).status).toBe(403);
    const local = await send(metrics, {});
    expect(local.status).toBe(200);
    expect(local.body).toMatch(/^# TYPE kling_requests_total counter$/m);
  });

  it('answers an over-long callback body with 413, at 2 MiB and at 50 MiB alike', async () => {
    for (const mebibytes of [2, 50]) {
      const answer = await send(`${server.origin}/kling/callback`, {
        body: Buffer.alloc(mebibytes * 1024 * 1024, 0x20),
        headers: { 'content-type': 'application/json' },
      });
      expect(answer.status, `${mebibytes} MiB`).toBe(413);
      expect(JSON.parse(answer.body).error).toMatch(/body too large/);
    }
    // The server is still there.
    expect((await send(`${server.origin}/healthz`, {})).status).toBe(200);
  });

  it('does not let one client lock others out of the 2025-era session table', async () => {
    const sessions: string[] = [];
    for (let index = 0; index < 1_001; index += 1) {
      const opened = await send(server.url, { body: initialize('greedy', index), headers: MCP_HEADERS });
      expect(opened.status, `session ${index}`).toBe(200);
      sessions.push(opened.headers['mcp-session-id'] as string);
    }
    const newcomer = await send(server.url, { body: initialize('newcomer'), headers: MCP_HEADERS });
    expect(newcomer.status).toBe(200);

    const ping = (session: string) =>
      send(server.url, {
        body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'ping' }),
        headers: { ...MCP_HEADERS, 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' },
      });
    // The greedy client's own oldest sessions made room; its latest still works.
    expect((await ping(sessions[0] as string)).status).toBe(404);
    expect((await ping(sessions.at(-1) as string)).status).toBe(200);
    expect((await ping(newcomer.headers['mcp-session-id'] as string)).status).toBe(200);
  });
});

describe('binding a non-loopback address', () => {
  beforeAll(async () => {
    await buildServer();
  }, SETUP_TIMEOUT_MS);

  it('refuses a short KLING_MCP_TOKEN before binding anything', async () => {
    for (const token of ['x', 'a'.repeat(31)]) {
      const result = await runToExit({ KLING_MCP_TOKEN: token }, ['--http', '--host', '0.0.0.0', '--port', '0']);
      expect(result.code, token).toBe(2);
      expect(result.stderr).toMatch(/KLING_MCP_TOKEN of at least 32 characters \(it has \d+\)/);
      expect(result.stderr).not.toContain('listening on');
    }
  });
});

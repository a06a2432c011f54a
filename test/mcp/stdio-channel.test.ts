import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Sandbox } from '../../sandbox/index.js';
import { buildServer, sandboxForTests, SERVER_ENTRY, SETUP_TIMEOUT_MS } from './helpers.js';

const API_KEY = 'sk-test-7d1e0c5b9a2f4e6d';
const WEBHOOK_SECRET = 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTE=';

describe('the stdio channel', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    await buildServer();
    sandbox = await sandboxForTests({ apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET });
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await sandbox?.stop();
  });

  it('carries only JSON-RPC messages on stdout; logs go to stderr and never show a secret', async () => {
    const child = spawn(process.execPath, [SERVER_ENTRY], {
      env: {
        PATH: process.env.PATH ?? '',
        KLING_BASE_URL: sandbox.url,
        KLING_API_KEY: API_KEY,
        KLING_WEBHOOK_SECRET: WEBHOOK_SECRET,
        KLING_POLL_SCALE: '0.05',
        KLING_LOG_LEVEL: 'debug',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const lines: string[] = [];
    const answered = new Promise<void>((resolve) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        lines.push(line);
        if (/"id":3/.test(line)) resolve();
      });
    });
    const send = (message: unknown): boolean => child.stdin.write(`${JSON.stringify(message)}\n`);
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    send({
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: {
        name: 'generate_video',
        arguments: { prompt: 'a paper boat', duration: 3, wait_seconds: 40 },
        _meta: { progressToken: 'p1' },
      },
    });
    await answered;
    child.stdin.end();
    await new Promise((resolve) => child.once('exit', resolve));

    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
    const progress = lines.map((line) => JSON.parse(line)).filter((message) => message.method === 'notifications/progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(JSON.parse(lines.at(-1) as string).result.structuredContent.status).toBe('succeeded');

    expect(stderr).toMatch(/kling-mcp info: task created/);
    expect(stderr).toMatch(/kling-mcp debug: /);
    expect(stderr).not.toContain(API_KEY);
    expect(stderr).not.toContain(WEBHOOK_SECRET);
    expect(lines.join('\n')).not.toContain(API_KEY);
  });
});

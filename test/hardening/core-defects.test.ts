import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KlingClient, KlingError, type Platform } from '../../core/index.js';
import { nodePlatform } from '../../core/node.js';
import type { Sandbox } from '../../sandbox/index.js';
import { ROOT } from '../../scripts/ensure-build.js';
import { apiKeyClient, sandbox, TEXT_TO_VIDEO } from '../core/support.js';

/*
 * Regression tests for the core defects of the adversarial test (issue 15): each failed before
 * its fix. The door-level ones (CLI, MCP, n8n) live with their doors' tests.
 */

let box: Sandbox;
beforeAll(async () => {
  box = await sandbox();
});
afterAll(() => box.stop());

describe('budget (issue 15, item 2)', () => {
  it('under a 3-unit daily limit, 10 concurrent 1.5-unit creates create exactly 2 tasks', async () => {
    const client = apiKeyClient(box, { budget: { maxUnitsPerDay: 3 }, concurrency: 10 });
    box.setAccount('default', { concurrency: 10 });
    const accepted = box.stats().creates.accepted;
    try {
      // kling-2.6, 5 s, 720p, no audio: 0.3 units/s → 1.5 units.
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, index) => client.create({ model: 'kling-2.6', prompt: `budget race ${index}`, duration: 5 })),
      );
      const created = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(created).toHaveLength(2);
      expect(refused.every((outcome) => outcome.status === 'rejected' && (outcome.reason as KlingError).kind === 'budget')).toBe(true);
      expect(box.stats().creates.accepted - accepted).toBe(2);
    } finally {
      box.setAccount('default', { concurrency: 5 });
      await client.close();
    }
  });
});

describe('a reused external id (issue 15, item 5)', () => {
  it('returns the task that exists instead of an error that claims nothing was charged', async () => {
    const client = apiKeyClient(box);
    try {
      const first = await client.create({ ...TEXT_TO_VIDEO, externalTaskId: 'reused-id-1' });
      const again = await client.create({ ...TEXT_TO_VIDEO, externalTaskId: 'reused-id-1' });
      expect(again).toMatchObject({ existing: true, recovered: false, externalTaskId: 'reused-id-1' });
      expect(again.task.id).toBe(first.task.id);
      expect(box.stats().creates.tasksByExternalId['reused-id-1']).toBe(1);
    } finally {
      await client.close();
    }
  });
});

describe('a refused connection (issue 15, item 6)', () => {
  it('says that nothing was sent and that no task can exist', async () => {
    const client = new KlingClient({
      auth: { type: 'apiKey', apiKey: 'refused-connection-key' },
      baseUrl: 'http://127.0.0.1:1',
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    });
    try {
      const error = (await client.create(TEXT_TO_VIDEO).catch((e: unknown) => e)) as KlingError;
      expect(error).toBeInstanceOf(KlingError);
      expect(error.kind).toBe('network');
      expect(error.taskMayExist).toBe(false);
      expect(error.sent).toBe(false);
      expect(error.message).toMatch(/could not connect to 127\.0\.0\.1:1/);
      expect(error.hint).toMatch(/nothing was sent/);
    } finally {
      await client.close();
    }
  });
});

describe('a server that echoes credentials (issue 15, item 3)', () => {
  const KEY = 'canary-api-key-0123456789abcdef';
  let echo: Server;
  let url: string;
  beforeAll(async () => {
    // Answers every request with an error whose request_id and message repeat the Authorization header.
    echo = createServer((request, response) => {
      const authorization = String(request.headers.authorization ?? '');
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ code: 1201, message: `bad request from ${authorization}`, request_id: authorization }));
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));

  it('never puts the key in an error, its request id or its JSON', async () => {
    const client = new KlingClient({ auth: { type: 'apiKey', apiKey: KEY }, baseUrl: url });
    try {
      const errors = await Promise.all([
        client.create(TEXT_TO_VIDEO).catch((e: unknown) => e),
        client.getTask('kt1.n.t2v.123456789012345678').catch((e: unknown) => e),
        client.request('GET', '/account/costs').catch((e: unknown) => e),
      ]);
      for (const error of errors) {
        expect(error).toBeInstanceOf(KlingError);
        const text = [
          String(error),
          JSON.stringify(error),
          (error as KlingError).requestId,
          (error as KlingError).hint,
          inspect(error),
        ].join('\n');
        expect(text).not.toContain(KEY);
        expect((error as KlingError).requestId).toContain('[redacted]');
      }
    } finally {
      await client.close();
    }
  });

  it('util.inspect and JSON of a client show no key, and its config is redacted', async () => {
    const client = new KlingClient({
      auth: { type: 'apiKey', apiKey: KEY },
      baseUrl: url,
      webhookSecrets: ['whsec_Y2FuYXJ5LXdlYmhvb2stc2VjcmV0LTAxMjM0NQ=='],
    });
    try {
      for (const text of [inspect(client, { depth: 10, showHidden: true }), JSON.stringify(client), JSON.stringify(client.config)]) {
        expect(text).not.toContain(KEY);
        expect(text).not.toContain('Y2FuYXJ5LXdlYmhvb2stc2VjcmV0LTAxMjM0NQ');
      }
    } finally {
      await client.close();
    }
  });
});

describe('metrics without a reader (issue 15, item 10)', () => {
  it('stay bounded when metrics() is never called', () => {
    // In a process of its own with --expose-gc, so that the heap figures are the metrics' alone.
    const script = `
      import { KlingClient } from './core/index.ts';
      const client = new KlingClient({ auth: { type: 'apiKey', apiKey: 'k' }, baseUrl: 'http://127.0.0.1:9' });
      const event = { method: 'GET', route: '/tasks', httpStatus: 200, code: 0, kind: undefined, durationMs: 1 };
      const emit = (count) => { for (let index = 0; index < count; index += 1) client.events.emit('request', event); };
      emit(3000); gc(); const before = process.memoryUsage().heapUsed;
      emit(50000); gc(); const after = process.memoryUsage().heapUsed;
      console.log(JSON.stringify({ grown: after - before, lastMinute: client.metrics().requestsLastMinute }));
      await client.close();`;
    const output = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const { grown, lastMinute } = JSON.parse(output.trim().split('\n').at(-1) as string) as { grown: number; lastMinute: number };
    // 50,000 more requests: a list per request would hold 50,000 timestamps (400 KB or more).
    expect(grown).toBeLessThan(100_000);
    expect(lastMinute).toBe(53_000);
  });
});

describe('reads under latency (issue 15, item 12)', () => {
  it('reads the /tasks chunks of many due tasks at once, not one after another', async () => {
    // The Node platform, with a count of /tasks reads in flight (an observer: the requests are real).
    const node = nodePlatform();
    let inFlight = 0;
    let peak = 0;
    const platform: Platform = {
      ...node,
      async fetch(request) {
        const read = request.url.includes('/tasks?');
        if (read) peak = Math.max(peak, (inFlight += 1));
        try {
          return await node.fetch(request);
        } finally {
          if (read) inFlight -= 1;
        }
      },
    };
    const slow = await sandbox({ timeScale: 0.01 });
    slow.setAccount('default', { concurrency: 200 });
    const client = apiKeyClient(slow, { concurrency: 200, platform, poll: { scale: 0.01 } });
    try {
      const created = await Promise.all(
        Array.from({ length: 200 }, (_, index) => client.create({ ...TEXT_TO_VIDEO, prompt: `latency ${index}` })),
      );
      slow.setFaults({ latencyMs: 100, scope: 'reads' });
      const results = await Promise.all(created.map((task) => client.wait(task.handle, { timeoutMs: 30_000 })));
      expect(results.every((result) => result.done)).toBe(true);
      // 200 tasks are 10 chunks of 20: read side by side, several are in flight at once.
      expect(peak).toBeGreaterThan(1);
    } finally {
      await client.close();
      await node.close?.();
      await slow.stop();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Client } from '@modelcontextprotocol/client';
import { z } from 'zod';
import { CreateTaskResultV2Schema, DetailedTaskV2Schema, GetTaskResultV2Schema } from '@modelcontextprotocol/ext-tasks/core/v2';
import type { Sandbox } from '../../sandbox/index.js';
import {
  buildServer,
  connectHttp,
  sandboxEnv,
  sandboxForTests,
  SERVER_ENTRY,
  SETUP_TIMEOUT_MS,
  startHttpServer,
  structured,
  type HttpServerProcess,
} from './helpers.js';
import { modernRequest, TASKS_CAPABILITY } from './modern-wire.js';

/** The MCP tasks extension (io.modelcontextprotocol/tasks) served by kling-mcp --http to 2026-07-28 clients. */

const SLOW = { model: 'kling-2.6', duration: 5 }; // 90 s × 0.05 = 4.5 s in the sandbox: long enough to be seen working

type Detailed = ReturnType<typeof DetailedTaskV2Schema.parse>;

describe('MCP tasks (io.modelcontextprotocol/tasks)', () => {
  let sandbox: Sandbox;
  let server: HttpServerProcess;
  let client: Client;
  let env: Record<string, string>;

  beforeAll(async () => {
    await buildServer();
    sandbox = await sandboxForTests();
    env = sandboxEnv(sandbox, 0.05, { KLING_LOG_LEVEL: 'info' });
    server = await startHttpServer(env, ['--port', '0']);
    client = await connectHttp(server.url, { era: 'modern' });
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await client?.close();
    await server?.close();
    await sandbox?.stop();
  });

  /** tasks/get through the official client (it sets the Mcp-Name routing header itself). */
  const getTask = (taskId: string): Promise<Detailed> => client.request({ method: 'tasks/get', params: { taskId } }, DetailedTaskV2Schema);

  async function startTask(prompt: string): Promise<{ taskId: string; created: Record<string, unknown> }> {
    const answer = await modernRequest(
      server.url,
      'tools/call',
      { name: 'generate_video', arguments: { ...SLOW, prompt } },
      TASKS_CAPABILITY,
    );
    expect(answer.error).toBeUndefined();
    const created = answer.result as Record<string, unknown>;
    return { taskId: created.taskId as string, created };
  }

  async function pollUntilDone(taskId: string): Promise<Detailed[]> {
    const seen: Detailed[] = [];
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const task = await getTask(taskId);
      seen.push(task);
      if (task.status !== 'working') return seen;
      await new Promise((resolve) => setTimeout(resolve, Math.min(task.pollIntervalMs ?? 1_000, 1_000)));
    }
    throw new Error(`task still working after 200 polls: ${JSON.stringify(seen.at(-1))}`);
  }

  it('advertises the extension in server/discover', () => {
    expect(client.getProtocolEra()).toBe('modern');
    expect(client.getServerCapabilities()?.extensions?.['io.modelcontextprotocol/tasks']).toEqual({});
  });

  it('answers a task-capable generate_video at once with a task; tasks/get goes working → completed with the MP4 link and the cost', async () => {
    const before = sandbox.stats().creates.accepted;
    const { taskId, created } = await startTask('a lighthouse at dusk (task)');
    expect(CreateTaskResultV2Schema.safeParse(created).success).toBe(true);
    expect(created).toMatchObject({ resultType: 'task', status: 'working', ttlMs: 30 * 24 * 3600 * 1000 });
    expect(created.pollIntervalMs).toBeGreaterThan(0);
    expect(Date.parse(created.createdAt as string)).not.toBeNaN();
    expect(sandbox.stats().creates.accepted).toBe(before + 1);

    // The raw tasks/get answer is the spec's GetTaskResult (resultType "complete").
    const raw = await modernRequest(server.url, 'tasks/get', { taskId });
    expect(GetTaskResultV2Schema.safeParse(raw.result).success).toBe(true);

    const seen = await pollUntilDone(taskId);
    expect(seen[0]?.status).toBe('working');
    const done = seen.at(-1) as Detailed & { result: Record<string, unknown> };
    expect(done.status).toBe('completed');
    expect(done.createdAt).toBe(created.createdAt);
    const output = structured(done.result);
    expect(output).toMatchObject({ status: 'succeeded', done: true, model: 'kling-2.6', cost_units: 1.5, cost_usd: 0.21 });
    expect(output.estimate).toMatchObject({ units: 1.5, product: 'text-to-video' });
    expect(output.videos[0].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\/.+\.mp4$/);
    const links = (done.result.content as { type: string; uri?: string; mimeType?: string }[]).filter(
      (block) => block.type === 'resource_link',
    );
    expect(links[0]).toMatchObject({ uri: output.videos[0].url, mimeType: 'video/mp4' });
    // Exactly one task was created for the whole exchange.
    expect(sandbox.stats().creates.accepted).toBe(before + 1);
  });

  it('answers for its task ids after a restart (the id carries the handle, not process memory)', async () => {
    const { taskId } = await startTask('a windmill (restart)');
    await server.close();
    server = await startHttpServer(env, ['--port', '0']);
    const answer = await modernRequest(server.url, 'tasks/get', { taskId });
    expect(answer.error).toBeUndefined();
    expect(['working', 'completed']).toContain(answer.result?.status);
    await client.close();
    client = await connectHttp(server.url, { era: 'modern' });
    expect((await pollUntilDone(taskId)).at(-1)?.status).toBe('completed');
  });

  it('tasks/cancel stops following: the task reads cancelled, says why, and the sandbox task runs on untouched', async () => {
    const { taskId } = await startTask('a glacier (cancelled)');
    const ack = await client.request({ method: 'tasks/cancel', params: { taskId } }, z.object({}).loose());
    expect(Object.keys(ack).filter((key) => key !== '_meta')).toEqual([]);
    const cancelled = await getTask(taskId);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.statusMessage).toMatch(
      /Kling cannot cancel a started video: it keeps running, is charged if it succeeds, and nothing is deleted/,
    );
    const handle = /get_task "(kt1\.[^"]+)"/.exec(cancelled.statusMessage ?? '')?.[1] as string;
    const klingId = handle.split('.').at(-1);

    // The Kling task was not touched: it finishes, and its video stays readable.
    const later = structured(await client.callTool({ name: 'get_task', arguments: { task: handle, wait_seconds: 40, download: false } }));
    expect(later).toMatchObject({ status: 'succeeded', done: true });
    expect(sandbox.tasks().find((task) => task.id === klingId)?.status).toBe('succeeded');
    expect((await getTask(taskId)).status).toBe('cancelled');
  });

  it('refuses unknown, forged and altered task ids with -32602', async () => {
    const { taskId } = await startTask('a harbour (ids)');
    const [prefix, body, mac] = taskId.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const altered = `${prefix}.${Buffer.from(JSON.stringify({ ...payload, handle: 'kt1.n.t2v.1' })).toString('base64url')}.${mac}`;
    for (const id of ['no-such-task', 'kmt1.e30.AAAAAAAAAAAAAAAAAAAAAA', altered]) {
      for (const method of ['tasks/get', 'tasks/cancel', 'tasks/update']) {
        const answer = await modernRequest(server.url, method, { taskId: id, ...(method === 'tasks/update' && { inputResponses: {} }) });
        expect(answer.error?.code, `${method} ${id.slice(0, 20)}`).toBe(-32602);
        expect(answer.error?.message).toMatch(/^Failed to retrieve task/);
      }
    }
    // A real id is acknowledged by tasks/update (there is never input to give).
    expect((await modernRequest(server.url, 'tasks/update', { taskId, inputResponses: {} })).result).toMatchObject({
      resultType: 'complete',
    });
  });

  it('serves tasks over stdio too, to a client speaking 2026-07-28', async () => {
    const child = spawn(process.execPath, [SERVER_ENTRY], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const answers = new Map<number, Record<string, unknown>>();
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = JSON.parse(line);
      if (typeof message.id === 'number') answers.set(message.id, message);
    });
    let id = 0;
    const ask = async (method: string, params: Record<string, unknown>) => {
      const sent = ++id;
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: sent, method, params: { ...params, _meta: stdioEnvelope } })}\n`);
      await expect.poll(() => answers.has(sent), { timeout: 30_000 }).toBe(true);
      return answers.get(sent) as { result?: Record<string, unknown>; error?: unknown };
    };
    const stdioEnvelope = {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientInfo': { name: 'stdio-tasks-host', version: '1' },
      'io.modelcontextprotocol/clientCapabilities': TASKS_CAPABILITY,
    };
    try {
      const created = await ask('tools/call', {
        name: 'generate_video',
        arguments: { model: 'kling-3.0-turbo', prompt: 'a kite (stdio task)', duration: 3 },
      });
      expect(CreateTaskResultV2Schema.safeParse(created.result).success).toBe(true);
      const taskId = created.result?.taskId as string;
      let status = 'working';
      for (let attempt = 0; attempt < 100 && status === 'working'; attempt += 1) {
        const got = await ask('tasks/get', { taskId });
        status = got.result?.status as string;
        if (status === 'working') await new Promise((resolve) => setTimeout(resolve, 500));
        else expect(structured(got.result?.result)).toMatchObject({ status: 'succeeded', cost_units: 2.4 });
      }
      expect(status).toBe('completed');
    } finally {
      child.kill();
    }
  });

  it('gives clients without the extension the classic result, on both protocol generations', async () => {
    const modern = await client.callTool({
      name: 'generate_video',
      arguments: { model: 'kling-3.0-turbo', prompt: 'a comet (classic)', duration: 3, wait_seconds: 40 },
    });
    expect(structured(modern)).toMatchObject({ status: 'succeeded', done: true, cost_units: 2.4 });
    const raw = await modernRequest(server.url, 'tools/call', {
      name: 'generate_video',
      arguments: { model: 'kling-3.0-turbo', prompt: 'a comet (raw, no tasks)', duration: 3, wait_seconds: 40 },
    });
    expect(raw.result?.resultType).toBe('complete');
    expect(raw.result?.taskId).toBeUndefined();
    expect(structured(raw.result)).toMatchObject({ status: 'succeeded', done: true });
    const legacy = await connectHttp(server.url);
    try {
      expect(legacy.getProtocolEra()).toBe('legacy');
      const result = await legacy.callTool({
        name: 'generate_video',
        arguments: { model: 'kling-3.0-turbo', prompt: 'a comet (legacy)', duration: 3, wait_seconds: 40 },
      });
      expect(structured(result)).toMatchObject({ status: 'succeeded', done: true });
    } finally {
      await legacy.close();
    }
  });
});

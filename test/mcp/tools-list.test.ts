import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, connectStdio, SETUP_TIMEOUT_MS, structured, type StdioServer } from './helpers.js';

describe('kling-mcp without credentials', () => {
  let server: StdioServer;

  beforeAll(async () => {
    await buildServer();
    server = await connectStdio({ KLING_LOG_LEVEL: 'info' });
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await server?.close();
  });

  it('lists its tools exactly as reviewed (the snapshot shows every schema change)', async () => {
    const { tools } = await server.client.listTools();
    await expect(JSON.stringify({ tools }, null, 2) + '\n').toMatchFileSnapshot('__snapshots__/tools-list.json');
  });

  it('describes every input field and declares titles, annotations and output schemas', async () => {
    const { tools } = await server.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['generate_video', 'get_task', 'estimate_credits']);
    for (const tool of tools) {
      expect(tool.title, tool.name).toBeTruthy();
      expect(tool.outputSchema, tool.name).toBeDefined();
      expect(tool.annotations?.openWorldHint, tool.name).toBe(tool.name !== 'estimate_credits');
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(tool.name !== 'generate_video');
      const properties = tool.inputSchema.properties as Record<string, { description?: string }>;
      for (const [field, schema] of Object.entries(properties)) expect(schema.description, `${tool.name}.${field}`).toBeTruthy();
    }
    const generate = tools.find((tool) => tool.name === 'generate_video');
    const waitSeconds = (generate?.inputSchema.properties as Record<string, { default?: number; maximum?: number }>).wait_seconds;
    expect(waitSeconds).toMatchObject({ default: 25, maximum: 45 });
  });

  it('still estimates: no key is needed', async () => {
    const result = await server.client.callTool({
      name: 'estimate_credits',
      arguments: { model: 'kling-2.6', prompt: 'x', resolution: '1080p', duration: 10 },
    });
    expect(result.isError).toBeFalsy();
    expect(structured(result)).toMatchObject({ units: 5, usd: 0.7 });
  });

  it('answers the other tools with an error that says what to set', async () => {
    for (const call of [
      { name: 'generate_video', arguments: { prompt: 'a paper boat' } },
      { name: 'get_task', arguments: { task: 'kt1.n.t2v.821585738725658820' } },
    ]) {
      const result = await server.client.callTool(call);
      expect(result.isError, call.name).toBe(true);
      const error = structured(result).error;
      expect(error.kind).toBe('auth');
      expect(error.hint).toMatch(/set KLING_API_KEY .*or KLING_ACCESS_KEY and KLING_SECRET_KEY/);
      expect(error.hint).toMatch(/--sandbox/);
    }
    expect(server.stderr()).toMatch(/no Kling credentials are configured/);
  });
});

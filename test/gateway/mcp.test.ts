import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/index.js';
import { connectHttp, structured } from '../mcp/helpers.js';
import { gateway, token, upstream, type TestGateway } from './helpers.js';

/** The project's MCP server on the gateway's /mcp, as an agent reaches it: the official client, a gateway token. */
describe('gateway: /mcp', () => {
  let box: Sandbox;
  let gw: TestGateway;
  const agent = token('agent', { models: ['kling-3.0-turbo'] });
  const other = token('other');
  const clients: Client[] = [];

  const connect = async (secret: string, era?: 'modern'): Promise<Client> => {
    const client = await connectHttp(`${gw.url}/mcp`, { token: secret, ...(era && { era }) });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    box = await upstream();
    gw = await gateway(box, [agent, other]);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await gw?.close();
    await box?.stop();
  });

  it('refuses MCP requests without a gateway token, or with an unknown one', async () => {
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    };
    for (const authorization of [undefined, 'Bearer kgw_unknown']) {
      const response = await fetch(`${gw.url}/mcp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(authorization && { authorization }),
        },
        body: JSON.stringify(initialize),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/^Unauthorized/);
    }
  });

  it("generates a video through the token's own gateway path, for both protocol generations", async () => {
    for (const era of [undefined, 'modern'] as const) {
      const client = await connect(agent.secret, era);
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(
        expect.arrayContaining(['generate_video', 'get_task', 'estimate_credits']),
      );
      const result = await client.callTool({
        name: 'generate_video',
        arguments: { model: 'kling-3.0-turbo', prompt: 'a lantern in fog', duration: 3, wait_seconds: 45 },
      });
      expect(result.isError).toBeFalsy();
      const output = structured(result);
      expect(output).toMatchObject({ done: true, status: 'succeeded', cost_units: 2.4 });
      expect(output.videos[0].url).toMatch(new RegExp(`^${gw.url}/videos/agent/`));
    }
    // The creates are the agent token's: in its audit log, with its model, and under its budget scope.
    const audit = await gw.audit();
    const creates = (audit.agent ?? []).filter((line) => line.event === 'create' && line.outcome === 'ok');
    expect(creates).toHaveLength(2);
    expect(creates.every((line) => line.model === 'kling-3.0-turbo')).toBe(true);
  });

  it("holds an agent to its token's models, and never shows it another token's task", async () => {
    const client = await connect(agent.secret);
    const refused = await client.callTool({
      name: 'generate_video',
      arguments: { model: 'kling-2.6', prompt: 'a lantern in fog', duration: 5, wait_seconds: 0 },
    });
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain("token 'agent' may not use kling-2.6");
    const created = await client.callTool({
      name: 'generate_video',
      arguments: { model: 'kling-3.0-turbo', prompt: 'a kite', duration: 3, wait_seconds: 0 },
    });
    const handle = structured(created).handle as string;
    const stranger = await connect(other.secret);
    const read = await stranger.callTool({ name: 'get_task', arguments: { task: handle, wait_seconds: 0 } });
    expect(read.isError).toBe(true);
    expect(JSON.stringify(read.content)).toMatch(/no task found|not found/i);
  });
});

import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenConfig } from '../../gateway/config.js';
import { TokenAuthenticator } from '../../gateway/token-auth.js';
import { hashTokenSecret, newTokenSecret } from '../../gateway/token-secret.js';
import type { Sandbox } from '../../sandbox/index.js';
import { callbackReceiver } from '../core/support.js';
import { connectHttp } from '../mcp/helpers.js';
import {
  eventually,
  gateway,
  kling,
  legacyBody,
  newStandardBody,
  token,
  upstream,
  UPSTREAM_WEBHOOK_SECRET,
  type KlingAnswer,
  type TestGateway,
} from './helpers.js';

const CANARY_KEY = `sk-canary-${randomBytes(12).toString('hex')}`;
const ECHO = 'ECHO-THE-AUTHORIZATION-HEADER';

/**
 * Kling in front of the sandbox, except that a create whose prompt asks for it is refused with a
 * message that quotes the request's Authorization header: a server echoing the key back.
 */
async function echoingUpstream(box: Sandbox): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (body.toString('utf8').includes(ECHO)) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 1201, message: `invalid request from ${req.headers.authorization}`, request_id: 'echo' }));
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name)),
      ) as Record<string, string>;
      void fetch(`${box.url}${req.url}`, { method: req.method, headers, ...(body.length > 0 && { body }) }).then(async (reply) => {
        res.writeHead(reply.status, Object.fromEntries(reply.headers));
        res.end(Buffer.from(await reply.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('gateway: canaries', () => {
  let box: Sandbox;
  let echo: Awaited<ReturnType<typeof echoingUpstream>>;
  let gw: TestGateway;
  let receiver: Awaited<ReturnType<typeof callbackReceiver>>;
  const team = token('team', { budget: { units: 5, per: 'day' } });
  /** Everything the gateway said to anyone. */
  const seen: string[] = [];
  const call = async (...args: Parameters<typeof kling>): Promise<KlingAnswer> => {
    const answer = await kling(...args);
    seen.push(answer.text);
    return answer;
  };

  beforeAll(async () => {
    box = await upstream({ apiKey: CANARY_KEY });
    echo = await echoingUpstream(box);
    gw = await gateway(box, [team], { maxBodyBytes: 4096 }, { apiKey: CANARY_KEY });
    receiver = await callbackReceiver(() => ({ status: 200 }));
  });

  afterAll(async () => {
    await gw?.close();
    await echo?.close();
    await box?.stop();
    await receiver?.close();
  });

  it('never shows the upstream key: not in any answer, log line, metric, audit record or callback', async () => {
    // A second gateway on the echoing upstream: Kling's own error messages are passed on, redacted.
    const echoing = await gateway(box, [team], {}, { apiKey: CANARY_KEY, upstream: { baseUrl: echo.url } });
    try {
      const echoed = await call(echoing.url, team.secret, 'POST', '/v1/videos/text2video', { ...legacyBody(), prompt: ECHO });
      expect(echoed.body.code).toBe(1201);
      expect(echoed.text).toContain('[redacted]');
      seen.push(...echoing.logs, JSON.stringify(await echoing.audit()));
    } finally {
      await echoing.close();
    }

    const created = await call(gw.url, team.secret, 'POST', '/text-to-video/kling-3.0-turbo', newStandardBody('canary-1', receiver.url));
    const id = created.body.data.id as string;
    await call(gw.url, team.secret, 'POST', '/v1/videos/text2video', legacyBody('canary-2'));
    await call(gw.url, team.secret, 'POST', '/text-to-video/kling-3.0-turbo', newStandardBody('canary-over-budget'));
    await call(gw.url, team.secret, 'POST', '/text-to-video/kling-3.0-turbo', { prompt: 'x', settings: { duration: 1 } });
    await call(gw.url, 'kgw_wrong', 'GET', `/tasks?task_ids=${id}`);
    await eventually(
      () => call(gw.url, team.secret, 'GET', `/tasks?task_ids=${id}`),
      (answer) => answer.body.data?.[0]?.status === 'succeeded',
      'the task ends',
    );
    await call(gw.url, team.secret, 'GET', '/v1/videos/text2video/canary-2');
    await eventually(
      async () => receiver.received.length,
      (count) => count >= 1,
      'the callback arrives',
    );
    seen.push(...receiver.received.map((delivery) => `${JSON.stringify(delivery.headers)}${delivery.body}`));
    const mcp = await connectHttp(`${gw.url}/mcp`, { token: team.secret });
    try {
      seen.push(JSON.stringify(await mcp.listTools()));
      seen.push(JSON.stringify(await mcp.callTool({ name: 'get_task', arguments: { task: id, wait_seconds: 0 } })));
    } finally {
      await mcp.close();
    }
    seen.push((await call(gw.url, undefined, 'GET', '/metrics')).text);
    seen.push((await call(gw.url, undefined, 'GET', '/healthz')).text);
    seen.push((await call(gw.url, undefined, 'GET', '/readyz')).text);
    seen.push(...gw.logs, JSON.stringify(await gw.audit()));

    expect(seen.join('\n')).toContain('kling_gateway_requests_total');
    for (const text of seen) {
      expect(text).not.toContain(CANARY_KEY);
      expect(text).not.toContain(UPSTREAM_WEBHOOK_SECRET.slice('whsec_'.length));
      expect(text).not.toContain(team.secret);
      expect(text).not.toContain(team.config.webhookSecret.slice('whsec_'.length));
    }
  });

  it('answers 413 to bodies over the limit, before reading them whole, on every route that takes one', async () => {
    const big = { ...newStandardBody('canary-big'), prompt: 'x'.repeat(8_000) };
    const create = await call(gw.url, team.secret, 'POST', '/text-to-video/kling-3.0-turbo', big);
    expect(create.status).toBe(413);
    expect(create.body).toMatchObject({ code: 1200, message: 'request body too large: at most 4096 bytes' });
    const callback = await fetch(`${gw.url}/kling/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(1024 * 1024 + 1),
    });
    expect(callback.status).toBe(413);
    const mcp = await fetch(`${gw.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${team.secret}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { pad: 'x'.repeat(8_000) } }),
    });
    expect(mcp.status).toBe(413);
    expect(box.stats().creates.attemptsByExternalId['canary-big']).toBeUndefined();
  });

  it('compares tokens in constant time: every configured token is compared, with equal-length digests, whichever matches', () => {
    const secrets = Array.from({ length: 5 }, () => newTokenSecret());
    const tokens: TokenConfig[] = secrets.map((secret, index) => ({
      name: `t${index}`,
      secretHash: hashTokenSecret(secret),
      webhookSecret: 'whsec_AAAA',
    }));
    const comparisons: number[][] = [];
    const auth = new TokenAuthenticator(tokens, (a, b) => {
      comparisons.at(-1)?.push(a.length === b.length ? a.length : -1);
      return a.equals(b);
    });
    for (const presented of [secrets[0], secrets[4], 'kgw_unknown', `${secrets[2]}x`, 'k']) {
      comparisons.push([]);
      const outcome = auth.authenticate(`Bearer ${presented}`);
      expect(outcome.ok).toBe(presented === secrets[0] || presented === secrets[4]);
    }
    expect(comparisons).toEqual(Array.from({ length: 5 }, () => [32, 32, 32, 32, 32]));
  });
});

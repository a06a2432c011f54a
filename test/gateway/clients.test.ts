import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KlingClient, KlingError } from '../../core/index.js';
import type { Sandbox } from '../../sandbox/index.js';
import { gateway, kling, newStandardBody, TIME_SCALE, token, upstream, type TestGateway } from './helpers.js';

/** The project's own client in Gateway mode (what the n8n credential, the CLI and MCP use), pointed at the gateway. */
function gatewayClient(gw: TestGateway, secret: string, standard: 'new' | 'legacy'): KlingClient {
  return new KlingClient({
    auth: { type: 'gateway', token: secret, standard },
    baseUrl: gw.url,
    poll: { scale: TIME_SCALE, minIntervalMs: 1_000, maxIntervalMs: 30_000 },
    retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 50 },
    concurrencyBackoffMs: 5,
  });
}

describe('gateway: the core client in Gateway mode', () => {
  let box: Sandbox;
  let gw: TestGateway;
  const team = token('team');
  const clients: KlingClient[] = [];

  beforeAll(async () => {
    box = await upstream();
    gw = await gateway(box, [team]);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await gw?.close();
    await box?.stop();
  });

  const client = (secret: string, standard: 'new' | 'legacy'): KlingClient => {
    const made = gatewayClient(gw, secret, standard);
    clients.push(made);
    return made;
  };

  it('proves a gateway token with its free check, on either request style, and refuses a wrong one', async () => {
    expect(await client(team.secret, 'new').verifyCredentials()).toEqual({ ok: true });
    expect(await client(team.secret, 'legacy').verifyCredentials()).toEqual({ ok: true });
    const wrong = await client('kgw_wrong', 'new').verifyCredentials();
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.error).toBeInstanceOf(KlingError);
    expect(!wrong.ok && wrong.error.kind).toBe('auth');
  });

  it("passes a sandbox's clock on: a client with no poll setting learns it from the gateway's replies", async () => {
    const plain = new KlingClient({ auth: { type: 'gateway', token: team.secret, standard: 'new' }, baseUrl: gw.url });
    clients.push(plain);
    expect(plain.timeScale).toBe(1);
    await plain.verifyCredentials();
    expect(plain.timeScale).toBe(TIME_SCALE);
  });

  it('generates a video end to end through the gateway on the new standard', async () => {
    const { created, result } = await client(team.secret, 'new').generate(
      { model: 'kling-3.0-turbo', prompt: 'a kite over a beach', duration: 3, externalTaskId: 'client-new-1' },
      { timeoutMs: 60_000 },
    );
    expect(created.standard).toBe('new');
    expect(result.done).toBe(true);
    expect(result.done && result.task).toMatchObject({ status: 'succeeded', externalTaskId: 'client-new-1', costUnits: 2.4 });
    expect(result.done && result.task.videos[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/videos\/team\//);
  });

  it('generates a video end to end through the gateway on the legacy standard, and finds it again by external id', async () => {
    const legacy = client(team.secret, 'legacy');
    const { created, result } = await legacy.generate(
      { model: 'kling-2.6', prompt: 'rain on a window', duration: 5, externalTaskId: 'client-legacy-1' },
      { timeoutMs: 60_000 },
    );
    expect(created.handle).toMatch(/^kt1\.l\.t2v\./);
    expect(result.done && result.task).toMatchObject({ status: 'succeeded', costUnits: 1.5 });
    const found = await legacy.getTaskByExternalId('client-legacy-1', { product: 'text-to-video' });
    expect(found.id).toBe(created.task.id);
  });

  it("reads the shared account's packs through the gateway (what kling doctor and n8n's Get Packs ask for)", async () => {
    const summary = await client(team.secret, 'new').account();
    expect(summary.packs).toHaveLength(1);
    expect(summary.remainingVideoUnits).toBeGreaterThan(0);
  });

  it('recovers a create it repeats with the same external id instead of making a second task', async () => {
    const first = await kling(gw.url, team.secret, 'POST', '/text-to-video/kling-3.0-turbo', newStandardBody('client-repeat'));
    expect(first.status).toBe(200);
    const before = box.stats().creates.accepted;
    const repeated = await client(team.secret, 'new').create({
      model: 'kling-3.0-turbo',
      prompt: 'a paper boat on a river',
      duration: 3,
      externalTaskId: 'client-repeat',
    });
    expect(repeated.existing).toBe(true);
    expect(repeated.task.id).toBe(first.body.data.id);
    expect(box.stats().creates.accepted).toBe(before);
  });
});

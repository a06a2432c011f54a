import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, type Sandbox } from '../../sandbox/index.js';
import { bin, ensureBuilt, runCli, scratchDir } from '../cli/helpers.js';
import { kling, newStandardBody, eventually, TIME_SCALE, upstream } from './helpers.js';

/** `kling serve` as its users run it: the built command, in its own process. */
describe('kling serve', () => {
  let box: Sandbox;

  beforeAll(async () => {
    await ensureBuilt();
    box = await upstream();
  }, 300_000);

  afterAll(async () => {
    await box?.stop();
  });

  it('is listed by kling --help and prints a new token, its hash and a webhook secret', async () => {
    expect((await runCli(['--help'])).stdout).toMatch(/^ {2}serve +run a Kling-compatible gateway/m);
    const made = await runCli(['serve', '--new-token', 'ci', '--json']);
    expect(made.code).toBe(0);
    const printed = JSON.parse(made.stdout) as { token: string; config: { name: string; secretHash: string; webhookSecret: string } };
    expect(printed.token).toMatch(/^kgw_/);
    expect(printed.config).toMatchObject({
      name: 'ci',
      secretHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      webhookSecret: expect.stringMatching(/^whsec_/),
    });
    const refused = await runCli(['serve', '--new-token', 'not a name']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--new-token not a name: a token name is 1–32 letters');
  });

  it('refuses to start without tokens or without Kling credentials, saying what to set', async () => {
    const noTokens = await runCli(['serve', '--port', '0'], { env: { KLING_API_KEY: 'k' } });
    expect(noTokens.code).toBe(2);
    expect(noTokens.stderr).toContain('no gateway tokens are configured');
    expect(noTokens.stderr).toContain('kling serve --new-token');
    const made = JSON.parse((await runCli(['serve', '--new-token', 'ci', '--json'])).stdout) as { config: unknown };
    const noKey = await runCli(['serve', '--port', '0'], { env: { KLING_GATEWAY_TOKENS: JSON.stringify([made.config]) } });
    expect(noKey.code).toBe(3);
    expect(noKey.stderr).toContain('KLING_API_KEY');
  });

  it('starts from a config file, serves a token until SIGTERM, and stops cleanly', async () => {
    const made = JSON.parse((await runCli(['serve', '--new-token', 'team', '--json'])).stdout) as { token: string; config: unknown };
    const dir = scratchDir();
    const file = path.join(dir, 'gateway.json');
    writeFileSync(file, JSON.stringify({ tokens: [made.config], upstream: { baseUrl: box.url, pollScale: TIME_SCALE } }), { mode: 0o600 });
    const child = spawn(process.execPath, [bin, 'serve', '--config', file, '--port', '0'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir, KLING_API_KEY: DEMO_API_KEY },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = await eventually(
        async () => /listening on (http:\/\/\S+)/.exec(stdout)?.[1],
        (found) => found !== undefined,
        'the gateway starts',
      );
      const created = await kling(url as string, made.token, 'POST', '/text-to-video/kling-3.0-turbo', newStandardBody('serve-1'));
      expect(created.status).toBe(200);
      const done = await eventually(
        () => kling(url as string, made.token, 'GET', `/tasks?task_ids=${created.body.data.id}`),
        (answer) => answer.body.data?.[0]?.status === 'succeeded',
        'the task succeeds',
      );
      expect(done.body.data[0].outputs[0].url).toMatch(new RegExp(`^${url}/videos/team/`));
      // The kling CLI through the gateway: the token where the key would be.
      const generated = await runCli(['generate', 'a paper boat', '--duration', '3', '--json'], {
        env: { KLING_BASE_URL: url as string, KLING_API_KEY: made.token, KLING_POLL_SCALE: String(TIME_SCALE) },
      });
      expect(generated.code, generated.stderr).toBe(0);
      expect(JSON.parse(generated.stdout)).toMatchObject({ ok: true, task: { status: 'succeeded' } });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain('Kling gateway stopped');
    expect(`${stdout}${stderr}`).not.toContain(DEMO_API_KEY);
    expect(`${stdout}${stderr}`).not.toContain(made.token);
  });

  it('--sandbox starts with an embedded Kling and a printed demo token that works', async () => {
    const dir = scratchDir();
    const child = spawn(process.execPath, [bin, 'serve', '--sandbox', '--port', '0'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.resume();
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await eventually(
        async () => stdout,
        (text) => text.includes('Demo token: '),
        'the gateway prints its demo token',
      );
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1] as string;
      const secret = /Demo token: (\S+)/.exec(stdout)?.[1] as string;
      expect(stdout).toMatch(/Its callbacks are signed with: whsec_/);
      const created = await kling(url, secret, 'POST', '/text-to-video/kling-3.0-turbo', newStandardBody('sandbox-1'));
      expect(created.status).toBe(200);
      expect((await kling(url, secret, 'GET', `/tasks?task_ids=${created.body.data.id}`)).body.data).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});

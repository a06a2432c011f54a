import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { ensureBuilt, jsonOf, recordingCli, scratchDir } from './helpers.js';

/*
 * What the CLI says about money after a create went wrong: a refused connection created nothing;
 * a dropped reply may hide a task, found with `kling task --external-id`; an external id used
 * before finds that task and never claims that nothing was charged.
 */

const API_KEY = 'sk-cli-exist-93d0aa';
let sandbox: Sandbox;
let dropping: Server;
let droppingUrl: string;
let closedUrl: string;
let env: Record<string, string>;
const { kling } = recordingCli(() => env);

async function listen(server: Server): Promise<string> {
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  await ensureBuilt();
  sandbox = await startSandbox({ timeScale: 0.01, apiKey: API_KEY, seed: 3 });
  env = { KLING_API_KEY: API_KEY, KLING_BASE_URL: sandbox.url };
  dropping = createServer((socket) => socket.once('data', () => socket.destroy()));
  droppingUrl = await listen(dropping);
  // A port that was free a moment ago and has nothing listening now: connections are refused.
  const closed = createServer();
  closedUrl = await listen(closed);
  await new Promise((done) => closed.close(done));
}, 300_000);

afterAll(async () => {
  await sandbox?.stop();
  await new Promise((done) => dropping?.close(done));
});

describe('after a create that went wrong', () => {
  it('a refused connection: nothing was sent, so no "task may exist" and no library call', async () => {
    const human = await kling(['generate', 'a boat'], { env: { KLING_BASE_URL: closedUrl } });
    expect(human.code).toBe(7);
    expect(human.stderr).toMatch(/nothing was sent/);
    expect(human.stderr).not.toMatch(/may exist|getTask|kling task --external-id/);
    const machine = await kling(['generate', 'a boat', '--json'], { env: { KLING_BASE_URL: closedUrl } });
    expect(jsonOf(machine).error).toMatchObject({ kind: 'network', taskMayExist: false, exitCode: 7 });
  });

  it('a connection dropped after the request was sent: the task may exist, and the hint is the kling command that finds it', async () => {
    const machine = await kling(['generate', 'a boat', '--external-id', 'dropped-1', '--json'], { env: { KLING_BASE_URL: droppingUrl } });
    expect(machine.code).toBe(7);
    const error = jsonOf(machine).error;
    expect(error).toMatchObject({ taskMayExist: true, externalTaskId: 'dropped-1' });
    expect(error.hint).toContain('`kling task --external-id dropped-1`');
    expect(error.hint).not.toMatch(/getTask/);
    const human = await kling(['generate', 'a boat', '--external-id', 'dropped-2'], { env: { KLING_BASE_URL: droppingUrl } });
    expect(human.stderr).toMatch(/^ {2}what to do: .*`kling task --external-id dropped-2`/m);
    expect(human.stderr).not.toMatch(/getTask/);
  });

  it('the same external id twice: the second run finds the first task, creates nothing and never says nothing was charged', async () => {
    const first = await kling(['generate', 'a boat', '--external-id', 'job-twice', '--json'], { cwd: scratchDir() });
    expect(first.code, first.stderr).toBe(0);
    expect(jsonOf(first)).toMatchObject({ ok: true, existing: false });

    const again = await kling(['generate', 'a boat', '--external-id', 'job-twice'], { cwd: scratchDir() });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`Found ${jsonOf(first).handle}: a task with the external id job-twice already exists.`);
    expect(again.stdout).toMatch(/created nothing new; that task was charged when it was created/);
    expect(again.stdout + again.stderr).not.toMatch(/nothing was charged|not charged/i);

    const machine = await kling(['generate', 'a boat', '--external-id', 'job-twice', '--no-wait', '--json']);
    expect(jsonOf(machine)).toMatchObject({ ok: true, existing: true, handle: jsonOf(first).handle });
    expect(sandbox.stats().creates.tasksByExternalId['job-twice']).toBe(1);
  });
});

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY } from '../../sandbox/index.js';
import { ensureBuilt } from '../../scripts/ensure-build.js';
import { call, textToVideo, waitFor, waitForTask } from './helpers.js';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'dist/cli/main.js');

beforeAll(() => ensureBuilt('dist/cli/main.js'), 300_000);

/** Starts `kling sandbox …` and resolves with the process and what it printed up to the listening line and after. */
async function startCli(args: string[]): Promise<{ child: ChildProcess; url: string; lines: string[] }> {
  const child = spawn(process.execPath, [bin, 'sandbox', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const url = await new Promise<string>((resolveUrl, reject) => {
    const reader = createInterface({ input: child.stdout! });
    reader.on('line', (line) => {
      lines.push(line);
      const match = /^Kling sandbox listening on (https?:\/\/\S+)$/.exec(line);
      if (match) resolveUrl(match[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`kling sandbox exited with ${code} before listening`)));
  });
  return { child, url, lines };
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
}

describe('kling sandbox (the built command)', () => {
  it('prints the listening line, answers, and stops cleanly on SIGTERM', async () => {
    const { child, url, lines } = await startCli(['--port', '0', '--time-scale', '0.005', '--quiet']);
    const exited = exitOf(child);
    try {
      expect(lines[0]).toBe(`Kling sandbox listening on ${url}`);
      const sandbox = { url };
      const created = await call(sandbox, '/text-to-video/kling-3.0-turbo', { token: DEMO_API_KEY, body: textToVideo('from the command') });
      expect(created.body.code).toBe(0);
      const done = await waitForTask(sandbox as never, DEMO_API_KEY, created.body.data.id, ['succeeded']);
      const video = await fetch(done.outputs[0].url);
      expect(
        Buffer.from(await video.arrayBuffer())
          .subarray(4, 8)
          .toString('ascii'),
      ).toBe('ftyp');
      // The demo credentials follow the listening line when no keys were given.
      await waitFor(() => (lines.some((line) => line.includes(DEMO_API_KEY)) ? true : undefined), 'the demo credentials');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toEqual({ code: 0, signal: null });
  });

  it('stops on SIGINT too, and says where the certificate is with --tls', async () => {
    const { child, url, lines } = await startCli(['--port', '0', '--tls', '--quiet', '--api-key', 'cli-key']);
    const exited = exitOf(child);
    expect(url).toMatch(/^https:\/\//);
    await waitFor(() => (lines.some((line) => /^TLS certificate: \S+\.pem/.test(line)) ? true : undefined), 'the certificate line');
    expect(lines.join('\n')).not.toContain('cli-key');
    expect(lines.join('\n')).not.toContain(DEMO_API_KEY);
    child.kill('SIGINT');
    expect(await exited).toEqual({ code: 0, signal: null });
  });

  it('lists its options with --help and refuses bad ones with exit code 2', () => {
    const help = spawnSync(process.execPath, [bin, 'sandbox', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    for (const option of [
      '--port',
      '--host',
      '--time-scale',
      '--seed',
      '--api-key',
      '--access-key',
      '--secret-key',
      '--concurrency',
      '--webhook-secret',
      '--tls',
    ]) {
      expect(help.stdout).toContain(option);
    }
    const bad = spawnSync(process.execPath, [bin, 'sandbox', '--port', 'eighty'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^error: --port: 'eighty' is not a port from 0 to 65535$/m);
    const halfPair = spawnSync(process.execPath, [bin, 'sandbox', '--access-key', 'a'], { encoding: 'utf8' });
    expect(halfPair.status).toBe(2);
    const unknown = spawnSync(process.execPath, [bin, 'no-such-command'], { encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command/);
    const top = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect([top.status, top.stdout.includes('sandbox')]).toEqual([0, true]);
  });
});

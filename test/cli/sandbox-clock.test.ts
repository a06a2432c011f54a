import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentLines } from '../../cli/sandbox-command.js';
import type { SandboxStats } from '../../sandbox/index.js';
import { movieDuration } from '../sandbox/mp4-boxes.js';
import { taskReads } from '../sandbox-reads.js';
import { ensureBuilt, exportedVariables, jsonOf, runCli, scratchDir, startSandboxCommand, type SandboxCommand } from './helpers.js';

let sandbox: SandboxCommand;

beforeAll(async () => {
  await ensureBuilt();
  sandbox = await startSandboxCommand(['--port', '0', '--time-scale', '0.05', '--quiet']);
}, 300_000);

afterAll(async () => {
  await sandbox?.stop();
});

async function stats(): Promise<SandboxStats> {
  return (await fetch(`${sandbox.url}/__sandbox/stats`)).json() as Promise<SandboxStats>;
}

describe('kling sandbox --time-scale 0.05, and a client given only the lines it prints', () => {
  it('prints ready-to-paste environment lines: the base URL and the demo key, nothing about polling', () => {
    const variables = exportedVariables(sandbox.lines);
    expect(variables).toEqual({ KLING_BASE_URL: sandbox.url, KLING_API_KEY: 'sandbox-demo-api-key' });
    expect(sandbox.lines.join('\n')).not.toContain('KLING_POLL_SCALE');
  });

  /*
   * The client learns the sandbox's clock from its replies, and `kling generate` takes the task's
   * callbacks on a loopback port when the API is a sandbox on this machine: it knows of the end
   * when it happens and reads the task once, for the end (the callbacks are unsigned here, so
   * the one that says "succeeded" is checked with a read; the earlier ones cost nothing).
   */
  it('finishes a 5 s task on the sandbox clock in under 2 polls, with no other setting', async () => {
    const before = await stats();
    const dir = scratchDir();
    const result = await runCli(
      ['generate', 'a paper boat, five seconds', '--model', 'kling-3.0-turbo', '--duration', '5', '--out', 'boat.mp4', '--json'],
      {
        env: exportedVariables(sandbox.lines),
        cwd: dir,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOf(result).status).toBe('succeeded');
    // 35 s typical × 0.05 = 1.75 s: the progress lines on stderr show what the client expects.
    expect(result.stderr).toMatch(/^progress: succeeded 100% after 0:0\d \(typically ~0:02\)$/m);
    expect(result.stderr).not.toContain('typically ~0:35');
    const after = await stats();
    expect(taskReads(after) - taskReads(before)).toBe(1);
    expect(after.callbacks.delivered - before.callbacks.delivered).toBeGreaterThanOrEqual(1);
    expect(after.callbacks.failed - before.callbacks.failed).toBe(0);
    expect(Math.abs(movieDuration(readFileSync(`${dir}/boat.mp4`)).seconds - 5)).toBeLessThan(0.1);
  });

  it('--no-wait leaves no callback behind: the command ends, so nothing listens for one', async () => {
    const before = await stats();
    const result = await runCli(['generate', 'a paper boat', '--no-wait', '--json'], { env: exportedVariables(sandbox.lines) });
    expect(result.code, result.stderr).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = await stats();
    expect(after.callbacks.sent - before.callbacks.sent).toBe(0);
  });
});

describe('the environment lines for other shells and other keys', () => {
  const sandbox = { url: 'https://127.0.0.1:4100', certificate: { path: '/tmp/kling sandbox/cert.pem' }, demoCredentials: false };

  it('PowerShell on Windows; a certificate path with a space is quoted for a POSIX shell', () => {
    expect(environmentLines({ ...sandbox, demoCredentials: true }, {}, 'win32')).toEqual([
      '$env:KLING_BASE_URL = "https://127.0.0.1:4100"',
      '$env:KLING_API_KEY = "sandbox-demo-api-key"',
      '$env:NODE_EXTRA_CA_CERTS = "/tmp/kling sandbox/cert.pem"',
    ]);
    expect(environmentLines({ ...sandbox, demoCredentials: true }, {}, 'linux').at(-1)).toBe(
      "export NODE_EXTRA_CA_CERTS='/tmp/kling sandbox/cert.pem'",
    );
  });

  it('a key given on the command line is not echoed: the line says which one to fill in', () => {
    const lines = environmentLines(sandbox, { apiKey: 'sk-given-on-the-command-line' }, 'linux');
    expect(lines).toContain("export KLING_API_KEY='<the key given with --api-key>'");
    expect(lines.join('\n')).not.toContain('sk-given-on-the-command-line');
    const pair = environmentLines(sandbox, { accessKey: 'ak-given', secretKey: 'sk-secret-given' }, 'linux');
    expect(pair.join('\n')).not.toMatch(/ak-given|sk-secret-given/);
    expect(pair.some((line) => line.startsWith('export KLING_ACCESS_KEY='))).toBe(true);
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Runtime } from './runtime.js';

export interface N8nOptions {
  runtime: Runtime;
  userFolder: string;
  port: number;
  /** Task-runner broker port of `n8n start`; CLI commands get other ports. */
  brokerPort: number;
  /** Folder the Read/Write Files node may write to. */
  filesDir: string;
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const ENCRYPTION_KEY = 'kling-e2e-fixed-encryption-key';

/**
 * A headless n8n sharing one user folder (and SQLite database) between its CLI commands and its
 * server, with the settings a real n8n needs on a machine without internet.
 */
export class N8n {
  private server: ChildProcess | undefined;
  private serverLog = '';
  private nextBrokerPort: number;

  constructor(private readonly options: N8nOptions) {
    mkdirSync(options.userFolder, { recursive: true });
    this.nextBrokerPort = options.brokerPort + 1;
  }

  get webhookBase(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  env(brokerPort: number): NodeJS.ProcessEnv {
    const { runtime, userFolder, port, filesDir } = this.options;
    return {
      PATH: `${join(runtime.node24, 'bin')}:${process.env.PATH ?? ''}`,
      HOME: process.env.HOME,
      N8N_USER_FOLDER: userFolder,
      N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
      DB_TYPE: 'sqlite',
      // `n8n execute` prints its result through the info logger: not lower.
      N8N_LOG_LEVEL: 'info',
      N8N_DIAGNOSTICS_ENABLED: 'false',
      N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
      N8N_TEMPLATES_ENABLED: 'false',
      N8N_PERSONALIZATION_ENABLED: 'false',
      N8N_HIRING_BANNER_ENABLED: 'false',
      N8N_DISABLED_MODULES: 'mcp-registry',
      N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
      N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
      N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE: 'true',
      N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
      N8N_LISTEN_ADDRESS: '127.0.0.1',
      N8N_HOST: '127.0.0.1',
      N8N_PROTOCOL: 'http',
      N8N_PORT: String(port),
      N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
      N8N_SECURE_COOKIE: 'false',
      N8N_RUNNERS_BROKER_PORT: String(brokerPort),
      N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
    };
  }

  /** Runs one `n8n <args>` command to its end. */
  run(args: string[], timeoutMs = 180_000): Promise<CommandResult> {
    const brokerPort = this.nextBrokerPort++;
    return new Promise((resolve, reject) => {
      const child = spawn(this.options.runtime.n8nBin, args, { env: this.env(brokerPort), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`n8n ${args.join(' ')} did not end in ${timeoutMs} ms\n${stdout}\n${stderr}`));
      }, timeoutMs);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  async mustRun(args: string[]): Promise<CommandResult> {
    const result = await this.run(args);
    if (result.code !== 0) throw new Error(`n8n ${args.join(' ')} exited with ${result.code}\n${result.stdout}\n${result.stderr}`);
    return result;
  }

  /** `n8n start` in the background, resolved once the editor (and the published workflows) are up. */
  async start(timeoutMs = 120_000): Promise<void> {
    const child = spawn(this.options.runtime.n8nBin, ['start'], {
      env: this.env(this.options.brokerPort),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.server = child;
    child.stdout!.on('data', (chunk: Buffer) => (this.serverLog += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.serverLog += chunk.toString()));
    const deadline = Date.now() + timeoutMs;
    while (!this.serverLog.includes('Editor is now accessible')) {
      if (child.exitCode !== null) throw new Error(`n8n start exited with ${child.exitCode}\n${this.serverLog}`);
      if (Date.now() > deadline) throw new Error(`n8n start was not ready in ${timeoutMs} ms\n${this.serverLog}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  get log(): string {
    return this.serverLog;
  }

  /** Stops `n8n start` (it stops its task runner itself), then kills it if it does not end. */
  async stop(): Promise<void> {
    const child = this.server;
    this.server = undefined;
    if (!child || child.exitCode !== null) return;
    const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await ended;
    clearTimeout(timer);
  }

  /** Kills the server at once (process exit hook). */
  kill(): void {
    if (this.server && this.server.exitCode === null) this.server.kill('SIGKILL');
  }
}

/** The JSON run result `n8n execute --rawOutput` prints between a line `{` and a line `}`. */
export function rawOutputJson(stdout: string): unknown {
  const lines = stdout.split('\n');
  const start = lines.indexOf('{');
  const end = lines.indexOf('}', start);
  if (start < 0 || end < 0) throw new Error(`no JSON result in the output of n8n execute:\n${stdout}`);
  return JSON.parse(lines.slice(start, end + 1).join('\n'));
}

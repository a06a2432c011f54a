import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, StreamableHTTPClientTransport, type ClientCapabilities } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { DEMO_API_KEY, startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/index.js';
import { ensureBuilt, ROOT } from '../../scripts/ensure-build.js';
export { freePort } from '../free-port.js';

/** The built server, as users run it. */
export const SERVER_ENTRY = path.join(ROOT, 'dist/mcp/main.js');

/** Setup may build the package first (tens of seconds on a busy machine). */
export const SETUP_TIMEOUT_MS = 300_000;

export async function buildServer(): Promise<void> {
  await ensureBuilt();
}

/** A sandbox on a random port whose clock runs `timeScale` times Kling's typical durations. */
export async function sandboxForTests(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ timeScale: 0.05, seed: 7, ...options });
}

/** The environment that points the server at a sandbox with its demo key and a matching poll scale. */
export function sandboxEnv(sandbox: Sandbox, timeScale = 0.05, extra: Record<string, string> = {}): Record<string, string> {
  return {
    KLING_BASE_URL: sandbox.url,
    KLING_API_KEY: DEMO_API_KEY,
    KLING_POLL_SCALE: String(timeScale),
    KLING_LOG_LEVEL: 'debug',
    ...extra,
  };
}

/** Only what a child needs: never the developer's own Kling variables. */
function childEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env };
}

export interface StdioServer {
  client: Client;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  close(): Promise<void>;
}

/** What a test client declares and answers besides the defaults (e.g. elicitation). */
export interface ClientSetup {
  capabilities?: ClientCapabilities;
  /** Called before connecting: register handlers for server requests here. */
  configure?: (client: Client) => void;
}

/** Spawns the built server over stdio and connects the official MCP client to it. */
export async function connectStdio(env: Record<string, string>, args: string[] = [], setup: ClientSetup = {}): Promise<StdioServer> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SERVER_ENTRY, ...args],
    env: childEnv(env),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const client = new Client({ name: 'kling-mcp-tests', version: '1.0.0' }, setup.capabilities ? { capabilities: setup.capabilities } : {});
  setup.configure?.(client);
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

export interface HttpServerProcess {
  /** The MCP endpoint the server printed. */
  url: string;
  origin: string;
  child: ChildProcess;
  stderr(): string;
  close(): Promise<void>;
}

/** Spawns `kling-mcp --http` and resolves once it printed where it listens. */
export async function startHttpServer(env: Record<string, string>, args: string[] = []): Promise<HttpServerProcess> {
  const child = spawn(process.execPath, [SERVER_ENTRY, '--http', ...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${stderr}`)), 20_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+\/mcp)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${stderr}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    child,
    stderr: () => stderr,
    close: () => stopChild(child),
  };
}

/** Runs the built server with arguments that make it exit; resolves with its exit code and stderr. */
export function runToExit(env: Record<string, string>, args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [SERVER_ENTRY, ...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

/** Connects the official client over Streamable HTTP with a bearer token. */
export async function connectHttp(url: string, options: { token?: string; era?: 'legacy' | 'modern' } & ClientSetup = {}): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    ...(options.token !== undefined && { authProvider: { token: async () => options.token as string } }),
  });
  const client = new Client(
    { name: 'kling-mcp-tests', version: '1.0.0' },
    {
      ...(options.era === 'modern' && { versionNegotiation: { mode: { pin: '2026-07-28' } } }),
      ...(options.capabilities && { capabilities: options.capabilities }),
    },
  );
  options.configure?.(client);
  await client.connect(transport);
  return client;
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { path: dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions walk the JSON freely
type Json = Record<string, any>;

/** The structured result of a tool call, typed loosely for assertions. */
export function structured(result: unknown): Json {
  return (result as { structuredContent: Json }).structuredContent;
}

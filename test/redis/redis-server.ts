import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../free-port.js';

/** A `redis-server` of the test's own, on a free loopback port, with no persistence. */
export interface RedisServer {
  url: string;
  port: number;
  /** One command over a raw connection (RESP), for checks that bypass the project's code. */
  command(...args: string[]): Promise<unknown>;
  /** Stops the server (SIGKILL: nothing to save). */
  stop(): Promise<void>;
}

/**
 * Starts Debian's `redis-server` (`.ci/run` installs it) with `--port N --save '' --appendonly no`,
 * waits for PING, and returns a handle that kills it. Never uses a Redis that is already running.
 */
export async function startRedis(options: { extraArgs?: string[] } = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'kling-redis-'));
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...(options.extraArgs ?? [])],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = new Error(
      `cannot start redis-server (${error.message}): install Debian's with apt-get install -y redis-server (.ci/run does)`,
    );
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const command = (...args: string[]) => rawCommand(port, args);
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (spawnError) throw spawnError;
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}):\n${output}`);
    const pong = await command('PING').catch((error: Error) => (error.message?.startsWith('NOAUTH') ? 'PONG' : undefined));
    if (pong === 'PONG') break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not answer PING on port ${port}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    command,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sends one command as RESP and parses the reply (enough RESP for checks: simple, error, integer, bulk, array). */
function rawCommand(port: number, args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let buffer = Buffer.alloc(0);
    socket.once('error', reject);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      const parsed = parse(buffer, 0);
      if (parsed) {
        socket.end();
        if (parsed.value instanceof Error) reject(parsed.value);
        else resolve(parsed.value);
      }
    });
    socket.write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`);
  });
}

function parse(buffer: Buffer, offset: number): { value: unknown; end: number } | undefined {
  const lineEnd = buffer.indexOf('\r\n', offset);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buffer[offset] as number);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const next = lineEnd + 2;
  if (type === '+') return { value: line, end: next };
  if (type === '-') return { value: new Error(line), end: next };
  if (type === ':') return { value: Number(line), end: next };
  if (type === '$') {
    const length = Number(line);
    if (length < 0) return { value: null, end: next };
    if (buffer.length < next + length + 2) return undefined;
    return { value: buffer.toString('utf8', next, next + length), end: next + length + 2 };
  }
  if (type === '*') {
    const count = Number(line);
    if (count < 0) return { value: null, end: next };
    const items: unknown[] = [];
    let position = next;
    for (let index = 0; index < count; index += 1) {
      const item = parse(buffer, position);
      if (!item) return undefined;
      items.push(item.value);
      position = item.end;
    }
    return { value: items, end: position };
  }
  throw new Error(`unexpected RESP type ${type}`);
}

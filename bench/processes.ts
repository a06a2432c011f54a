import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SandboxOptions, SandboxStats, TaskSummary } from '../sandbox/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Runs a TypeScript file of this folder in a Node process of its own, with `input` as JSON in argv[2]. */
function spawnScript(file: string, input: unknown): ChildProcess {
  const path = fileURLToPath(new URL(file, import.meta.url));
  return spawn(process.execPath, ['--import', 'tsx', path, JSON.stringify(input)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Runs a script to its end and parses the last line it printed as JSON. */
export async function runScript<T>(file: string, input: unknown): Promise<T> {
  const child = spawnScript(file, input);
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await exited(child);
  const last = output.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || last === '') throw new Error(`bench/${file} ended with exit code ${code} and printed no result`);
  return JSON.parse(last) as T;
}

/** A sandbox running in a child process, reached over HTTP (its Kling API and its control API). */
export interface SandboxProcess {
  readonly url: string;
  /** One call to the control API under `/__sandbox/`. */
  control<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T>;
  stats(): Promise<SandboxStats>;
  tasks(): Promise<TaskSummary[]>;
  stop(): Promise<void>;
}

export async function startSandboxProcess(options: SandboxOptions): Promise<SandboxProcess> {
  const child = spawnScript('./sandbox-process.ts', options);
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (chunk: string): void => {
      output += chunk;
      const line = output.split('\n')[0];
      if (output.includes('\n') && line) {
        child.stdout?.off('data', onData);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    };
    child.stdout?.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => reject(new Error(`the sandbox process ended (exit code ${code}) before it listened`)));
  });
  const control = async <T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}/__sandbox${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) throw new Error(`sandbox control ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    url,
    control,
    stats: () => control<SandboxStats>('GET', '/stats'),
    tasks: () => control<TaskSummary[]>('GET', '/tasks'),
    stop: async () => {
      child.stdin?.end();
      await exited(child);
    },
  };
}

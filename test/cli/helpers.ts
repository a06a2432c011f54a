import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { expect } from 'vitest';
import { ensureBuilt as ensureBuiltOutput } from '../../scripts/ensure-build.js';

export const root = resolve(import.meta.dirname, '../..');
export const bin = join(root, 'dist/cli/main.js');

/** Builds `dist/` once when it is missing or stale, under the lock the other test suites share. */
export function ensureBuilt(): Promise<void> {
  return ensureBuiltOutput('dist/cli/main.js');
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A directory for one test's files and a config home with nothing in it. */
export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'kling-cli-test-'));
}

/**
 * Runs the built `kling` as a subprocess. The environment holds only what the test gives (plus
 * PATH), and the config home points at an empty directory, so nothing of the machine leaks in.
 */
export function runCli(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  const cwd = options.cwd ?? scratchDir();
  const env = { PATH: process.env.PATH ?? '', HOME: cwd, XDG_CONFIG_HOME: join(cwd, '.config'), NO_COLOR: '1', ...options.env };
  return new Promise((done) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd, env, timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

export interface RecordingCli {
  /** Runs the CLI with the suite's environment plus `options.env` (or only it, with `replaceEnv`). */
  kling(args: string[], options?: { env?: Record<string, string>; cwd?: string; replaceEnv?: boolean }): Promise<CliResult>;
  /** Every result so far, for the "never prints a secret" checks. */
  outputs: CliResult[];
}

/** A suite's way to run the CLI: its environment (read at each run, so it may be set in beforeAll) and a record of every output. */
export function recordingCli(suiteEnv: () => Record<string, string>): RecordingCli {
  const outputs: CliResult[] = [];
  return {
    outputs,
    async kling(args, options = {}) {
      const env = options.replaceEnv ? options.env : { ...suiteEnv(), ...options.env };
      const result = await runCli(args, { env, cwd: options.cwd });
      outputs.push(result);
      return result;
    },
  };
}

/** None of the secrets appears in any output; there must be at least `atLeast` outputs to look at. */
export function expectNoSecretIn(outputs: readonly CliResult[], secrets: readonly string[], atLeast: number): void {
  expect(outputs.length).toBeGreaterThanOrEqual(atLeast);
  for (const output of outputs) {
    for (const secret of secrets) {
      expect(output.stdout).not.toContain(secret);
      expect(output.stderr).not.toContain(secret);
    }
  }
}

/** Parses stdout as the one JSON document `--json` promises. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read deep into the document
export function jsonOf(result: CliResult): any {
  try {
    return JSON.parse(result.stdout) as unknown;
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}

/** Whether a file begins like an MP4 (an `ftyp` box at offset 4). */
export function isMp4(bytes: Buffer): boolean {
  return bytes.length > 8 && bytes.subarray(4, 8).toString('latin1') === 'ftyp';
}

export interface SandboxCommand {
  url: string;
  /** Everything it printed on stdout up to and including the last line of its banner. */
  lines: string[];
  stop(): Promise<void>;
}

/** Runs the built `kling sandbox …` until its banner is printed; `stop()` sends SIGTERM and waits for the exit. */
export function startSandboxCommand(args: string[]): Promise<SandboxCommand> {
  const child = spawn(process.execPath, [bin, 'sandbox', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const lines: string[] = [];
  return new Promise((resolveStarted, reject) => {
    const reader = createInterface({ input: child.stdout });
    reader.on('line', (line) => {
      lines.push(line);
      const url = /^Kling sandbox listening on (\S+)$/.exec(lines[0] ?? '')?.[1];
      if (url && /no other setting is needed/.test(line)) {
        resolveStarted({
          url,
          lines,
          stop: async () => {
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`kling sandbox exited with ${code} before printing its banner:\n${lines.join('\n')}`)));
  });
}

/** The variables of `export NAME=value` lines, as a shell would set them (values here are never quoted). */
export function exportedVariables(lines: readonly string[]): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const line of lines) {
    const match = /^export ([A-Z_][A-Z0-9_]*)=(\S+)$/.exec(line);
    if (match) variables[match[1] as string] = match[2] as string;
  }
  return variables;
}

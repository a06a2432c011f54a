import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  const cwd = options.cwd ?? scratchDir();
  const env = { PATH: process.env.PATH ?? '', HOME: cwd, XDG_CONFIG_HOME: join(cwd, '.config'), NO_COLOR: '1', ...options.env };
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { cwd, env, timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      done({ code, stdout, stderr });
    });
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

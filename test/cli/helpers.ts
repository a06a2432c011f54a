import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');
export const bin = join(root, 'dist/cli/main.js');

function newestSource(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.(ts|json)$/.test(path) ? stat.mtimeMs : 0;
  return Math.max(0, ...readdirSync(path).map((name) => newestSource(join(path, name))));
}

/** A source saved this shortly before the bundle was written may have been read before the save. */
const RACE_MARGIN_MS = 5_000;

function isStale(): boolean {
  const sources = Math.max(...['core', 'sandbox', 'cli', 'tsup.config.ts', 'package.json'].map((path) => newestSource(join(root, path))));
  return !existsSync(bin) || statSync(bin).mtimeMs - RACE_MARGIN_MS < sources;
}

/**
 * `npm run build` when dist/cli is missing or older than its sources. Test files run in parallel
 * workers (and the MCP tests build too): the lock directory of `scripts/ensure-build.ts` makes
 * one process build while the others wait, then re-check.
 */
export async function ensureBuilt(): Promise<void> {
  if (!isStale()) return;
  const lock = join(tmpdir(), `kling-build-${createHash('sha256').update(root).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 3 * 60_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited too long for another build (lock ${lock})`);
      await new Promise((done) => setTimeout(done, 250));
    }
  }
  try {
    if (isStale()) execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe', timeout: 280_000 });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
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

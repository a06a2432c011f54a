import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in `scripts/`). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What `dist/` is made from. */
const SOURCES = [
  'core',
  'mcp',
  'sandbox',
  'cli',
  'gateway',
  'nodes',
  'credentials',
  'package.json',
  'kling-mcp.package.json',
  'tsup.config.ts',
];

function newestSource(entry: string): number {
  const stats = statSync(entry, { throwIfNoEntry: false });
  if (!stats) return 0;
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newestSource(path.join(entry, name))));
}

/** A source saved this shortly before the output was written may have been read before the save. */
const RACE_MARGIN_MS = 5_000;

/** Whether `dist/<output>` is missing or older than any of its sources. */
export function isStale(output = 'dist/mcp/main.js'): boolean {
  const built = statSync(path.join(ROOT, output), { throwIfNoEntry: false });
  if (!built) return true;
  return SOURCES.some((source) => newestSource(path.join(ROOT, source)) > built.mtimeMs - RACE_MARGIN_MS);
}

/**
 * Builds the package (`npm run build`) when `dist/mcp/main.js` is missing or stale. Several
 * processes (parallel test files, the demo) may ask at once: a lock directory lets one build while
 * the others wait, then re-check.
 */
export async function ensureBuilt(output = 'dist/mcp/main.js', log: (line: string) => void = () => undefined): Promise<void> {
  if (!isStale(output)) return;
  const lock = path.join(tmpdir(), `kling-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 3 * 60_000) rmdirSync(lock);
      if (Date.now() > deadline) throw new Error(`waited too long for another build (lock ${lock})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    if (!isStale(output)) return;
    log('building the package (npm run build)…');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    if (result.status !== 0 || !existsSync(path.join(ROOT, output))) {
      throw new Error(`npm run build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`.slice(0, 4000));
    }
  } finally {
    rmdirSync(lock);
  }
}

// `tsx scripts/ensure-build.ts <output>`: the same check from the command line (scripts/bin uses it).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await ensureBuilt(process.argv[2], (line) => process.stderr.write(`${line}\n`));
}

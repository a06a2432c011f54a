import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Runs a built entry point from a clone of the repository, building dist/ first when it is missing
 * or older than the sources (scripts/ensure-build.ts says so on the terminal). The published
 * kling-mcp package has no such step: its bins are the built files.
 */
export async function runBuilt(entry) {
  const check = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'ensure-build.ts'), entry], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (check.status !== 0) process.exit(check.status ?? 1);
  await import(pathToFileURL(path.join(ROOT, entry)).href);
}

import { execFileSync } from 'node:child_process';
import { ensureBuilt, ROOT } from '../scripts/ensure-build.js';

/**
 * Several test files run the built package (`dist/`) or its tarballs: build once, and pack both
 * packages once (`npm run pack`, into build/packages/), before any of them start, so that no test
 * rebuilds or repacks while another reads.
 */
export default async function setup(): Promise<void> {
  await ensureBuilt('dist/mcp/main.js', (line) => process.stderr.write(`${line}\n`));
  execFileSync('npm', ['run', '--silent', 'pack'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

import { ensureBuilt } from '../scripts/ensure-build.js';

/**
 * Several test files run the built package (`dist/`): build it once, before any of them start,
 * so that no test rebuilds it while another reads it.
 */
export default async function setup(): Promise<void> {
  await ensureBuilt('dist/mcp/main.js', (line) => process.stderr.write(`${line}\n`));
}

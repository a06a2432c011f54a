/**
 * npm's `prepare` (after `npm install` in a clone, and before `npx kling` runs the clone's own
 * bin): builds `dist/` only when it is missing or older than its sources. After `npm install`,
 * the first `npx kling` then starts at once instead of rebuilding for half a minute.
 *
 * npx runs this script with its output hidden, so when a build is needed the one line saying why
 * it takes a while also goes straight to the terminal, where there is one.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { ensureBuilt } from './ensure-build.js';

function tell(line: string): void {
  process.stderr.write(`${line}\n`);
  if (process.stderr.isTTY || process.platform === 'win32') return;
  try {
    const terminal = openSync('/dev/tty', 'w');
    writeSync(terminal, `${line}\n`);
    closeSync(terminal);
  } catch {
    // No terminal (CI, a pipe): stderr was enough.
  }
}

await ensureBuilt('dist/mcp/main.js', () => tell('kling: building dist/ from the sources (npm run build; about 20 s, once)…'));

import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureBuilt, ROOT } from './ensure-build.js';
import { N8N_PACKAGE_DIR } from './n8n-package.js';

/**
 * `npm run pack`: both tarballs (kling-mcp and n8n-nodes-kling) into build/packages/, their paths
 * printed one per line. `npm run pack:n8n` (`--n8n`): only the n8n one, its path as the last line.
 */
const OUT = path.join(ROOT, 'build', 'packages');

function pack(dir: string): string {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['pack', '--silent', '--ignore-scripts', '--pack-destination', OUT], { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm pack failed in ${dir}:\n${result.stderr}`);
  const file = result.stdout.trim().split('\n').at(-1) ?? '';
  return path.join(OUT, file);
}

for (const output of ['dist/mcp/main.js', 'build/n8n/dist/nodes/kling-nodes.js']) await ensureBuilt(output, (line) => process.stderr.write(`${line}\n`));
mkdirSync(OUT, { recursive: true });
const onlyN8n = process.argv.includes('--n8n');
const tarballs = onlyN8n ? [pack(N8N_PACKAGE_DIR)] : [pack(ROOT), pack(N8N_PACKAGE_DIR)];
for (const tarball of tarballs) process.stdout.write(`${tarball}\n`);

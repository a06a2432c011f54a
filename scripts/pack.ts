import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureBuilt } from './ensure-build.js';
import { assembleKlingMcpPackage, assembleN8nPackage, PACKAGES_DIR } from './packages.js';

/**
 * `npm run pack`: both tarballs (kling-mcp and n8n-nodes-kling) into build/packages/, their paths
 * printed one per line. `npm run pack:n8n` (`--n8n`): only the n8n one, its path as the last line.
 * `--out DIR` writes the tarballs elsewhere.
 */
const outFlag = process.argv.indexOf('--out');
const OUT =
  outFlag > 0 && process.argv[outFlag + 1] ? path.resolve(process.argv[outFlag + 1] as string) : path.join(PACKAGES_DIR, 'packages');

function pack(dir: string): string {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['pack', '--silent', '--ignore-scripts', '--pack-destination', OUT], { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm pack failed in ${dir}:\n${result.stderr}`);
  return path.join(OUT, result.stdout.trim().split('\n').at(-1) ?? '');
}

await ensureBuilt('dist/mcp/main.js', (line) => process.stderr.write(`${line}\n`));
mkdirSync(OUT, { recursive: true });
const assemble = process.argv.includes('--n8n') ? [assembleN8nPackage] : [assembleKlingMcpPackage, assembleN8nPackage];
for (const build of assemble) {
  const dir = build();
  try {
    process.stdout.write(`${pack(dir)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

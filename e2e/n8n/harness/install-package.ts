import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Packs the n8n package (`npm run pack:n8n`: n8n-nodes-kling, nodes and credential only) and
 * installs the tarball into `<user folder>/.n8n/nodes` the way n8n 2.41's
 * community-package installer does it: unpack into node_modules/<name>, drop the dev, peer and
 * optional dependencies from its package.json, `npm install` its runtime dependencies inside it
 * (shallow, no scripts, no lock), then record it in nodes/package.json.
 */
export function installPackage(projectDir: string, userFolder: string, scratch: string): { name: string; version: string } {
  const tarball = execFileSync('npm', ['run', '--silent', 'pack:n8n'], { cwd: projectDir, encoding: 'utf8' }).trim().split('\n').pop()!;
  const nodesDir = join(userFolder, '.n8n', 'nodes');
  const unpacked = join(scratch, 'n8n-package');
  mkdirSync(unpacked, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
  const { name, version } = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8')) as { name: string; version: string };
  const packageDir = join(nodesDir, 'node_modules', name);
  mkdirSync(packageDir, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);

  const manifestPath = join(packageDir, 'package.json');
  const { devDependencies: _dev, peerDependencies: _peer, optionalDependencies: _optional, ...manifest } = JSON.parse(readFileSync(manifestPath, 'utf8'));
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  execFileSync(
    'npm',
    ['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false', '--omit=peer'],
    { cwd: packageDir, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [name]: version } }, null, 2));
  return { name, version };
}

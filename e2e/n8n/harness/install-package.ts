import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** Makes the package tarball the test installs; returns its path. */
type Pack = (projectDir: string, scratch: string) => string;

/** `npm pack` of the whole project (the MCP/CLI package): what the test installed before pack:n8n. */
export const packProject: Pack = (projectDir, scratch) => {
  const name = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', scratch], {
    cwd: projectDir,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop()!;
  return join(scratch, name);
};

/** The n8n package alone (`npm run pack:n8n` prints the tarball's path as its last line). */
export const packN8n: Pack = (projectDir) => {
  const path = execFileSync('npm', ['run', '--silent', 'pack:n8n'], { cwd: projectDir, encoding: 'utf8' }).trim().split('\n').pop()!.trim();
  return isAbsolute(path) ? path : join(projectDir, path);
};

/** The tarball the real-n8n test installs: the n8n package alone, as users install it. */
const PACK: Pack = packN8n;

/**
 * Packs the n8n package (`npm run pack:n8n`: n8n-nodes-kling, nodes and credential only) and
 * installs the tarball into `<user folder>/.n8n/nodes` the way n8n 2.41's
 * community-package installer does it: unpack into node_modules/<name>, drop the dev, peer and
 * optional dependencies from its package.json, `npm install` its runtime dependencies inside it
 * (shallow, no scripts, no lock), then record it in nodes/package.json.
 */
export function installPackage(
  projectDir: string,
  userFolder: string,
  scratch: string,
): { name: string; version: string; tarball: string } {
  const tarball = PACK(projectDir, scratch);
  const unpacked = join(scratch, 'unpacked');
  mkdirSync(unpacked, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
  const { name, version } = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8')) as { name: string; version: string };

  const nodesDir = join(userFolder, '.n8n', 'nodes');
  const packageDir = join(nodesDir, 'node_modules', name);
  mkdirSync(packageDir, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);

  const manifestPath = join(packageDir, 'package.json');
  const {
    devDependencies: _dev,
    peerDependencies: _peer,
    optionalDependencies: _optional,
    ...manifest
  } = JSON.parse(readFileSync(manifestPath, 'utf8'));
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  if (Object.keys((manifest as { dependencies?: object }).dependencies ?? {}).length > 0) {
    execFileSync(
      'npm',
      [
        'install',
        '--audit=false',
        '--fund=false',
        '--bin-links=false',
        '--install-strategy=shallow',
        '--ignore-scripts=true',
        '--package-lock=false',
        '--omit=peer',
      ],
      { cwd: packageDir, stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  writeFileSync(
    join(nodesDir, 'package.json'),
    JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [name]: version } }, null, 2),
  );
  return { name, version, tarball };
}

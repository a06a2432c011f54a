import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../scripts/ensure-build.js';

/** The tarballs the test run's global setup packed (`npm run pack`), by package. */
export function packedTarball(name: 'kling-mcp' | 'n8n-nodes-kling'): string {
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  return path.join(ROOT, 'build', 'packages', `${name}-${version}.tgz`);
}

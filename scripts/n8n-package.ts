import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in `scripts/`). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where the build assembles the `n8n-nodes-kling` package: its own package.json, README, LICENSE and dist/. */
export const N8N_PACKAGE_DIR = path.join(ROOT, 'build', 'n8n');

/**
 * Writes the n8n package's manifest and documents next to its built `dist/`: the manifest is
 * `nodes/n8n-package.json` with the repository's version, and no `dependencies` at all (the core
 * is bundled into the nodes; n8n provides `n8n-workflow`).
 */
export function writeN8nPackage(): void {
  const root = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const template = JSON.parse(readFileSync(path.join(ROOT, 'nodes', 'n8n-package.json'), 'utf8')) as Record<string, unknown>;
  const manifest = { name: template.name, version: root.version, ...template };
  mkdirSync(N8N_PACKAGE_DIR, { recursive: true });
  writeFileSync(path.join(N8N_PACKAGE_DIR, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  copyFileSync(path.join(ROOT, 'nodes', 'README.md'), path.join(N8N_PACKAGE_DIR, 'README.md'));
  copyFileSync(path.join(ROOT, 'LICENSE'), path.join(N8N_PACKAGE_DIR, 'LICENSE'));
}

import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './ensure-build.js';

/*
 * The two published packages, assembled from one build (dist/) in a fresh build/<package>-XXXXXX/
 * folder each time (so that packs running side by side never share one):
 * - n8n-nodes-kling: its manifest is the repository's package.json (so n8n's verification finds
 *   the nodes' and the credential's sources next to it), without what only development needs; the
 *   nodes, the credential and nodes/README.md. No dependencies: the core is bundled into the nodes.
 * - kling-mcp: its manifest is kling-mcp.package.json; the MCP server, the CLI, the library, the
 *   sandbox and the project README.
 */

export const PACKAGES_DIR = path.join(ROOT, 'build');

type Manifest = Record<string, unknown>;

const readJson = (file: string): Manifest => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as Manifest;

/** The fields of the repository's package.json that the published n8n package carries. */
const N8N_FIELDS = [
  'name',
  'version',
  'description',
  'license',
  'keywords',
  'homepage',
  'repository',
  'author',
  'engines',
  'files',
  'n8n',
  'peerDependencies',
];

export function assembleN8nPackage(): string {
  const root = readJson('package.json');
  const manifest = Object.fromEntries(N8N_FIELDS.filter((field) => field in root).map((field) => [field, root[field]]));
  return assemble('n8n', manifest, [
    ['dist/nodes', 'dist/nodes'],
    ['dist/credentials', 'dist/credentials'],
    ['nodes/README.md', 'README.md'],
    ['LICENSE', 'LICENSE'],
  ]);
}

export function assembleKlingMcpPackage(): string {
  const { version } = readJson('package.json');
  const { name, ...rest } = readJson('kling-mcp.package.json');
  return assemble('kling-mcp', { name, version, ...rest }, [
    ['dist/core', 'dist/core'],
    ['dist/mcp', 'dist/mcp'],
    ['dist/cli', 'dist/cli'],
    ['dist/sandbox', 'dist/sandbox'],
    ['dist', 'dist', (source: string) => !/[/\\](nodes|credentials|core|mcp|cli|sandbox)$/.test(source)],
    ['sandbox/assets', 'sandbox/assets'],
    ['README.md', 'README.md'],
    ['LICENSE', 'LICENSE'],
  ]);
}

function assemble(folder: string, manifest: Manifest, copies: [string, string, ((source: string) => boolean)?][]): string {
  mkdirSync(PACKAGES_DIR, { recursive: true });
  const dir = mkdtempSync(path.join(PACKAGES_DIR, `${folder}-`));
  for (const [from, to, filter] of copies) {
    const source = path.join(ROOT, from);
    cpSync(source, path.join(dir, to), { recursive: true, ...(filter && { filter: (file: string) => file === source || filter(file) }) });
  }
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

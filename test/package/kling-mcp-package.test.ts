import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/ensure-build.js';
import { packedTarball } from './tarballs.js';

/**
 * The second package, kling-mcp, from `npm run pack`: installed into an empty project as a user
 * installs it, its two commands run and its library imports.
 */
let tarball: string;
let project: string;

beforeAll(() => {
  // Packed once by the test run's global setup (npm run pack).
  tarball = packedTarball('kling-mcp');
  project = mkdtempSync(path.join(tmpdir(), 'kling-mcp-install-'));
  execFileSync('npm', ['init', '-y'], { cwd: project, stdio: 'ignore' });
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: project, stdio: 'ignore' });
}, 600_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('the kling-mcp tarball', () => {
  it('is printed by npm run pack beside the n8n one', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'kling-pack-'));
    try {
      const printed = execFileSync('npm', ['run', '--silent', 'pack', '--', '--out', out], { cwd: ROOT, encoding: 'utf8' })
        .trim()
        .split('\n');
      expect(printed).toEqual([path.join(out, path.basename(tarball)), path.join(out, path.basename(packedTarball('n8n-nodes-kling')))]);
      expect(printed.every((file) => existsSync(file))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('holds the MCP server, the CLI, the library and the sandbox, and not the n8n nodes', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n');
    expect(files).toEqual(
      expect.arrayContaining([
        'package/dist/mcp/main.js',
        'package/dist/cli/main.js',
        'package/dist/core/node.js',
        'package/dist/sandbox/index.js',
      ]),
    );
    expect(files.some((file) => file.startsWith('package/dist/nodes/') || file.startsWith('package/dist/credentials/'))).toBe(false);
    expect(files.some((file) => file.startsWith('package/sandbox/assets/'))).toBe(true);
  });

  it('installs with its two commands and an importable library', () => {
    const bin = path.join(project, 'node_modules', '.bin');
    expect(execFileSync(path.join(bin, 'kling-mcp'), ['--help'], { encoding: 'utf8' })).toMatch(/kling-mcp/);
    expect(execFileSync(path.join(bin, 'kling'), ['--help'], { encoding: 'utf8' })).toMatch(/Usage: kling <command>/);
    const script = "import('kling-mcp').then((m) => console.log(typeof m.KlingClient, typeof m.nodePlatform, typeof m.estimate))";
    expect(execFileSync('node', ['-e', script], { cwd: project, encoding: 'utf8' }).trim()).toBe('function function function');
  });
});

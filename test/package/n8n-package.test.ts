import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/ensure-build.js';

/**
 * The n8n package as n8n's verified channel sees it: `npm run pack:n8n` prints the tarball's path
 * as its last line; unpacked, it has no dependencies and passes n8n's own scanner with 0 errors.
 */
/**
 * n8n's scanner on a folder, in its own process (see n8n-scanner.mjs) and without the test
 * runner's NODE_ENV=test, under which eslint-plugin-n8n-nodes-base checks fixture file names.
 */
function scan(dir: string, leg: 'tarball' | 'source'): { passed: boolean; message?: string; details?: string } {
  const { NODE_ENV: _testEnv, ...env } = process.env;
  const output = execFileSync('node', [path.join(import.meta.dirname, 'n8n-scanner.mjs'), dir, leg], { cwd: ROOT, env, encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as { passed: boolean; message?: string; details?: string };
}

let tarball: string;
let unpacked: string;
let manifest: Record<string, unknown>;

beforeAll(() => {
  // pack:n8n into a folder of this test's own, so no other test's tarball is rewritten under it.
  const out = mkdtempSync(path.join(tmpdir(), 'kling-pack-n8n-'));
  const output = execFileSync('npm', ['run', '--silent', 'pack:n8n', '--', '--out', out], { cwd: ROOT, encoding: 'utf8' });
  tarball = output.trim().split('\n').at(-1) ?? '';
  unpacked = mkdtempSync(path.join(tmpdir(), 'kling-n8n-package-'));
  execFileSync('tar', ['xzf', tarball, '-C', unpacked, '--strip-components=1']);
  manifest = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as Record<string, unknown>;
}, 300_000);
afterAll(() => rmSync(unpacked, { recursive: true, force: true }));

describe('the n8n-nodes-kling tarball', () => {
  it('is printed by pack:n8n and named for the n8n package', () => {
    expect(path.basename(tarball)).toMatch(/^n8n-nodes-kling-\d+\.\d+\.\d+\.tgz$/);
    expect(manifest.name).toBe('n8n-nodes-kling');
  });

  it('has no runtime dependencies, and n8n-workflow as a peer', () => {
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.optionalDependencies).toBeUndefined();
    expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
    expect(manifest.n8n).toMatchObject({
      n8nNodesApiVersion: 1,
      credentials: ['dist/credentials/KlingAiApi.credentials.js'],
      nodes: ['dist/nodes/KlingAi/KlingAi.node.js', 'dist/nodes/KlingAiTrigger/KlingAiTrigger.node.js'],
    });
  });

  it('holds the nodes, the credential, icons and codex files, and nothing of the MCP server or the CLI', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((file) => file.replace(/^package\//, ''));
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'LICENSE',
        'dist/nodes/kling-nodes.js',
        'dist/credentials/KlingAiApi.credentials.js',
      ]),
    );
    expect(files.filter((file) => file.endsWith('.svg')).length).toBeGreaterThanOrEqual(2);
    expect(files.filter((file) => file.endsWith('.node.json')).length).toBe(2);
    expect(files.some((file) => /^dist\/(mcp|cli|sandbox|core)\//.test(file))).toBe(false);
  });

  it('requires only what n8n provides: n8n-workflow, zod and node:crypto', () => {
    const requires = new Set<string>();
    for (const file of readdirSync(path.join(unpacked, 'dist'), { recursive: true, encoding: 'utf8' }).filter((name) =>
      name.endsWith('.js'),
    )) {
      for (const match of readFileSync(path.join(unpacked, 'dist', file), 'utf8').matchAll(/require\("([^".][^"]*)"\)/g))
        requires.add(match[1] ?? '');
    }
    expect([...requires].sort()).toEqual(['crypto', 'n8n-workflow', 'zod/v4']);
  });

  it("passes n8n's community package scanner with 0 errors", () => {
    const result = scan(unpacked, 'tarball');
    expect(result.details ?? result.message ?? '').toBe('');
    expect(result.passed).toBe(true);
  });
});

describe('the repository as n8n verification reads it', () => {
  it("has the n8n package's manifest next to the nodes' and the credential's sources", () => {
    const root = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(root.name).toBe('n8n-nodes-kling');
    expect(root.dependencies).toBeUndefined();
    expect(root.overrides).toBeUndefined();
    expect(manifest.n8n).toEqual(root.n8n);
  });

  it("passes the scanner's source leg (the attested commit's package.json, nodes and credentials) with 0 errors", () => {
    const result = scan(ROOT, 'source');
    expect(result.details ?? result.message ?? '').toBe('');
    expect(result.passed).toBe(true);
  });
});

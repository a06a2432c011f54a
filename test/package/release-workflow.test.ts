import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../../scripts/ensure-build.js';

interface Step {
  name?: string;
  run?: string;
  uses?: string;
}

/** The release workflow publishes both tarballs `npm run pack` writes, each with npm provenance, from a version tag. */
describe('.github/workflows/release.yml', () => {
  const workflow = parse(readFileSync(path.join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8')) as {
    on: { push: { tags: string[] } };
    permissions: Record<string, string>;
    jobs: Record<string, { steps: Step[] }>;
  };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const runs = steps.map((step) => step.run ?? '').join('\n');

  it('runs on version tags and may mint the OIDC token provenance needs', () => {
    expect(workflow.on.push.tags).toEqual(['v*.*.*']);
    expect(workflow.permissions['id-token']).toBe('write');
  });

  it('tests before it publishes, and packs with the project script', () => {
    const order = ['npm ci', 'npm test', 'npm run --silent pack', 'npm publish'].map((command) => runs.indexOf(command));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('publishes both tarballs, kling-mcp and n8n-nodes-kling, each with --provenance', () => {
    const publishes = steps.filter((step) => step.run?.includes('npm publish'));
    expect(publishes.map((step) => step.run)).toEqual([
      expect.stringMatching(/npm publish "\$\{\{ steps\.pack\.outputs\.kling_mcp \}\}" --provenance --access public/),
      expect.stringMatching(/npm publish "\$\{\{ steps\.pack\.outputs\.n8n_nodes_kling \}\}" --provenance --access public/),
    ]);
    expect(runs).toContain("grep '/kling-mcp-' tarballs.txt");
    expect(runs).toContain("grep '/n8n-nodes-kling-' tarballs.txt");
  });
});

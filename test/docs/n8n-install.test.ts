import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/ensure-build.js';
import { codeBlocks } from './markdown.js';

/**
 * The n8n install instructions appear twice: in the README (read on GitHub, and on npm for
 * kling-mcp) and in nodes/README.md (on npm for n8n-nodes-kling). They give the same commands, and
 * name the version being published.
 */
const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

/** The shell commands of a page's `## title` section (comments dropped). */
function commands(file: string, title: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const start = text.indexOf(`\n## ${title}\n`);
  expect(start, `${file} has a "## ${title}" section`).toBeGreaterThan(-1);
  const end = text.indexOf('\n## ', start + 1);
  const lines = text.slice(start, end === -1 ? undefined : end).split('\n');
  return codeBlocks(lines)
    .filter((block) => block.lang === 'sh')
    .flatMap((block) => block.lines.map((line) => line.replace(/(^|\s+)#(\s.*)?$/, '').trim()))
    .filter((line) => line !== '');
}

const readme = [...commands('README.md', 'Quick start'), ...commands('README.md', 'Install in n8n')];
const n8nReadme = commands('nodes/README.md', 'Install');

describe('installing in n8n: README.md and nodes/README.md', () => {
  it('give the same commands', () => {
    expect(n8nReadme.filter((command) => !readme.includes(command))).toEqual([]);
    expect(
      commands('README.md', 'Install in n8n').filter(
        (command) => !n8nReadme.includes(command) && !command.startsWith('npx vitest') && !command.startsWith('npm run '),
      ),
    ).toEqual([]);
  });

  it('pin the version of this repository in N8N_COMMUNITY_PACKAGES', () => {
    for (const command of [...readme, ...n8nReadme].filter((line) => line.startsWith('N8N_COMMUNITY_PACKAGES='))) {
      const list = JSON.parse(command.slice(command.indexOf('=') + 1).replace(/^'|'$/g, '')) as { name: string; version: string }[];
      expect(list).toEqual([{ name: 'n8n-nodes-kling', version }]);
    }
    expect(n8nReadme.some((line) => line.startsWith('N8N_COMMUNITY_PACKAGES='))).toBe(true);
  });

  it('install as the user n8n runs as, into a folder that exists, and restart n8n', () => {
    for (const list of [readme, n8nReadme]) {
      expect(list.some((line) => line.startsWith('docker exec -u node n8n ') && line.includes('mkdir -p '))).toBe(true);
      expect(list).toContain('docker restart n8n');
      expect(list.some((line) => line.startsWith('mkdir -p ~/.n8n/nodes && '))).toBe(true);
    }
  });
});

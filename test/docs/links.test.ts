import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/ensure-build.js';
import { headingAnchors, linkTargets } from './markdown.js';

/**
 * Every link between the README, the n8n package's README and docs/ leads somewhere: the file
 * exists and the heading an anchor names is there. The n8n package's README is read on npm, where
 * relative links break, so its links are absolute GitHub URLs (or anchors of its own page).
 */
const repository = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { repository: { url: string } }).repository.url
  .replace(/^git\+/, '')
  .replace(/\.git$/, '');
const BLOB = `${repository}/blob/main/`;

const pages = [
  'README.md',
  'nodes/README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** A link's target as a repository path and anchor, or undefined for a link outside the repository. */
function resolve(page: string, target: string): { file: string; anchor?: string } | undefined {
  const [where = '', anchor] = target.split('#') as [string, string | undefined];
  if (target.startsWith(BLOB)) return { file: where.slice(BLOB.length), anchor };
  if (where === repository) return { file: anchor === 'readme' ? 'README.md' : '.' };
  if (/^[a-z]+:/i.test(where)) return undefined;
  return { file: where === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), where)), anchor };
}

describe('links in the documentation', () => {
  it.each(pages)('%s: every link into the repository leads to a file, and every anchor to a heading', (page) => {
    const broken: string[] = [];
    for (const target of linkTargets(readFileSync(path.join(ROOT, page), 'utf8'))) {
      const link = resolve(page, target);
      if (!link) continue;
      const file = path.join(ROOT, link.file);
      if (!existsSync(file)) {
        broken.push(`${target}: no file ${link.file}`);
        continue;
      }
      if (
        link.anchor &&
        link.anchor !== 'readme' &&
        !statSync(file).isDirectory() &&
        !headingAnchors(readFileSync(file, 'utf8')).has(link.anchor)
      ) {
        broken.push(`${target}: ${link.file} has no heading for #${link.anchor}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('nodes/README.md links only by absolute URL (it is read on npm) or to its own headings, and names this repository', () => {
    const targets = linkTargets(readFileSync(path.join(ROOT, 'nodes/README.md'), 'utf8'));
    expect(targets.filter((target) => !/^https:\/\//.test(target) && !target.startsWith('#'))).toEqual([]);
    expect(targets.filter((target) => target.startsWith('https://github.com/')).every((target) => target.startsWith(repository))).toBe(
      true,
    );
    expect(targets.some((target) => target.startsWith(BLOB))).toBe(true);
  });
});

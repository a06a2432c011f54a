/** Just enough Markdown for the documentation tests: fenced blocks, headings and their anchors, links. */

export interface CodeBlock {
  lang: string;
  /** Index of the opening fence's line. */
  start: number;
  lines: string[];
}

/** The fenced code blocks of `lines`, in order. */
export function codeBlocks(lines: readonly string[]): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let open: CodeBlock | undefined;
  lines.forEach((line, index) => {
    const fence = /^\s*```(\S*)/.exec(line);
    if (!fence) {
      open?.lines.push(line);
      return;
    }
    if (open) {
      blocks.push(open);
      open = undefined;
    } else {
      open = { lang: fence[1] ?? '', start: index, lines: [] };
    }
  });
  return blocks;
}

/** `lines` with every line inside a fenced block (fences included) blanked, so prose can be searched alone. */
export function proseOnly(lines: readonly string[]): string[] {
  let inside = false;
  return lines.map((line) => {
    if (/^\s*```/.test(line)) {
      inside = !inside;
      return '';
    }
    return inside ? '' : line;
  });
}

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseOnly(markdown.split('\n'))) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = (heading[1] ?? '')
      .toLowerCase()
      .replace(/<[^>]*>/g, '')
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Every link target in the prose of a page (not in code blocks or code spans). */
export function linkTargets(markdown: string): string[] {
  const prose = proseOnly(markdown.split('\n')).join('\n');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? '');
}

/** The code spans of a piece of prose. */
export function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`\n]+)`/g)].map((match) => match[1] ?? '');
}

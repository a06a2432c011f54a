import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODELS, type Resolution } from '../../core/index.js';

/** The README's price table, as the catalog would write it. */
function priceTable(): string {
  const rows = ['| model | variant | 720p | 1080p | 4k |', '|---|---|---|---|---|'];
  for (const model of MODELS) {
    for (const row of model.prices) {
      const cell = (resolution: Resolution): string => {
        if (row.perSecond) return row.perSecond[resolution] === undefined ? '–' : `${row.perSecond[resolution]}/s`;
        const clips = row.perClip?.[resolution];
        return clips ? Object.entries(clips).map(([seconds, units]) => `${units} per ${seconds} s`).join(', ') : '–';
      };
      rows.push(`| ${model.id} | ${row.variant} | ${cell('720p')} | ${cell('1080p')} | ${cell('4k')} |`);
    }
  }
  return rows.join('\n');
}

describe('README', () => {
  it('shows the catalog prices', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = /<!-- prices:start -->\n([\s\S]*?)\n<!-- prices:end -->/.exec(readme)?.[1];
    expect(table).toBe(priceTable());
  });
});

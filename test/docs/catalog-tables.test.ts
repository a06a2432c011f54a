import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODELS, type Resolution } from '../../core/index.js';

/** docs/catalog.md holds two tables written from the catalog; this test keeps them equal to it. */
const doc = readFileSync(new URL('../../docs/catalog.md', import.meta.url), 'utf8');

function between(marker: string): string | undefined {
  return new RegExp(`<!-- ${marker}:start -->\\n([\\s\\S]*?)\\n<!-- ${marker}:end -->`).exec(doc)?.[1];
}

/** One row per model: its products, and the standards that offer them (with the legacy model name where it has both). */
function modelTable(): string {
  const rows = ['| model | products | standards |', '|---|---|---|'];
  for (const model of MODELS) {
    const specs = Object.values(model.products);
    const offers = (standard: 'new' | 'legacy') => specs.some((spec) => spec.standards.includes(standard));
    const standards = [
      ...(offers('new') ? ['new'] : []),
      ...(offers('legacy') ? [offers('new') && model.legacyName ? `legacy (\`${model.legacyName}\`)` : 'legacy'] : []),
    ];
    rows.push(`| ${model.id} | ${Object.keys(model.products).join(', ')} | ${standards.join(', ')} |`);
  }
  return rows.join('\n');
}

/** The price table, as the catalog would write it. */
function priceTable(): string {
  const rows = ['| model | variant | 720p | 1080p | 4k |', '|---|---|---|---|---|'];
  for (const model of MODELS) {
    for (const row of model.prices) {
      const cell = (resolution: Resolution): string => {
        if (row.perSecond) return row.perSecond[resolution] === undefined ? '–' : `${row.perSecond[resolution]}/s`;
        const clips = row.perClip?.[resolution];
        return clips
          ? Object.entries(clips)
              .map(([seconds, units]) => `${units} per ${seconds} s`)
              .join(', ')
          : '–';
      };
      rows.push(`| ${model.id} | ${row.variant} | ${cell('720p')} | ${cell('1080p')} | ${cell('4k')} |`);
    }
  }
  return rows.join('\n');
}

describe('docs/catalog.md', () => {
  it('lists every catalog model with its products and standards', () => {
    expect(between('models')).toBe(modelTable());
  });

  it('shows the catalog prices', () => {
    expect(between('prices')).toBe(priceTable());
  });
});

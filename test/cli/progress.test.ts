import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../cli/progress.js';
import type { Progress } from '../../core/index.js';

function sink(isTTY: boolean): Writable & { isTTY: boolean; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { isTTY: boolean; text: () => string };
  stream.isTTY = isTTY;
  stream.text = () => chunks.join('');
  return stream;
}

const updates: Progress[] = [0, 0.05, 0.1, 0.3, 0.31, 0.5, 0.6, 0.8, 0.95, 1].map((fraction, index) => ({
  handle: 'kt1.n.t2v.1',
  status: fraction === 1 ? 'succeeded' : fraction < 0.3 ? 'queued' : 'running',
  fraction,
  elapsedMs: index * 4_000,
  expectedMs: 40_000,
}));

describe('progress display', () => {
  it('not a terminal: plain lines, one per status change or 25 % step', () => {
    const stream = sink(false);
    const display = createProgress(stream);
    for (const update of updates) display.update(update);
    display.stop();
    const lines = stream.text().trimEnd().split('\n');
    expect(lines).toEqual([
      'progress: queued 0% after 0:00 (typically ~0:40)',
      'progress: running 30% after 0:12 (typically ~0:40)',
      'progress: running 50% after 0:20 (typically ~0:40)',
      'progress: running 80% after 0:28 (typically ~0:40)',
      'progress: succeeded 100% after 0:36 (typically ~0:40)',
    ]);
    expect(stream.text()).not.toContain('\r');
  });

  it('a terminal: one bar redrawn in place and cleared at the end', () => {
    const stream = sink(true);
    const display = createProgress(stream);
    display.update(updates[5]!);
    display.stop();
    const text = stream.text();
    expect(text).not.toContain('\n');
    const clear = '\r\u001b[2K';
    expect(text).toBe(`${clear}${'█'.repeat(14)}${'░'.repeat(14)}  50% running   0:20 / ~0:40${clear}`);
  });

  it('quiet shows nothing', () => {
    const stream = sink(true);
    const display = createProgress(stream, { quiet: true });
    display.update(updates[3]!);
    display.stop();
    expect(stream.text()).toBe('');
  });
});

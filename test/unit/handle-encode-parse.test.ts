import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRODUCTS, type Product, type Standard } from '../../core/catalog/types.js';
import { KlingError } from '../../core/errors/kling-error.js';
import { encodeHandle, parseTaskRef } from '../../core/task/handle.js';

/** 19 digits: beyond Number.MAX_SAFE_INTEGER, so any numeric parse would change it. */
const LONG_ID = '8651022454479134889';

function refusal(ref: string): KlingError {
  try {
    parseTaskRef(ref);
  } catch (error) {
    if (error instanceof KlingError) return error;
    throw error;
  }
  throw new Error(`expected ${ref} to be refused`);
}

describe('encodeHandle', () => {
  it('writes kt1.<standard>.<product>.<id>', () => {
    expect(encodeHandle({ standard: 'new', product: 'text-to-video', id: LONG_ID })).toBe(`kt1.n.t2v.${LONG_ID}`);
    expect(encodeHandle({ standard: 'legacy', product: 'image-to-video', id: '865102245447913488' })).toBe('kt1.l.i2v.865102245447913488');
    expect(encodeHandle({ standard: 'new', product: 'omni-video', id: '1' })).toBe('kt1.n.omni.1');
    expect(encodeHandle({ standard: 'legacy', product: 'motion-control', id: '2' })).toBe('kt1.l.mc.2');
    expect(encodeHandle({ standard: 'legacy', product: 'multi-image-to-video', id: '3' })).toBe('kt1.l.mi2v.3');
    expect(encodeHandle({ standard: 'legacy', product: 'video-extend', id: '4' })).toBe('kt1.l.ext.4');
    expect(encodeHandle({ standard: 'new', id: LONG_ID })).toBe(`kt1.n._.${LONG_ID}`);
  });

  it('keeps a 19-digit id exactly, digit for digit', () => {
    expect(String(Number(LONG_ID))).not.toBe(LONG_ID);
    const ref = parseTaskRef(encodeHandle({ standard: 'new', product: 'text-to-video', id: LONG_ID }));
    expect(ref).toEqual({ kind: 'handle', standard: 'new', product: 'text-to-video', id: LONG_ID });
  });

  it('refuses an id that would make the handle ambiguous', () => {
    expect(() => encodeHandle({ standard: 'new', id: 'a.b' })).toThrow(KlingError);
    expect(() => encodeHandle({ standard: 'new', id: '' })).toThrow(/cannot be put in a task handle/);
  });

  it('produces URL-safe strings that round-trip for any standard, product and id', () => {
    const parts = fc.record(
      {
        standard: fc.constantFrom<Standard>('new', 'legacy'),
        product: fc.constantFrom<Product | undefined>(...PRODUCTS, undefined),
        id: fc.oneof(fc.stringMatching(/^\d{18,19}$/), fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/)),
      },
      { requiredKeys: ['standard', 'id'] },
    );
    fc.assert(
      fc.property(parts, (x) => {
        const handle = encodeHandle(x);
        expect(encodeURIComponent(handle)).toBe(handle);
        const expected = x.product === undefined ? { kind: 'handle', standard: x.standard, id: x.id } : { kind: 'handle', ...x };
        expect(parseTaskRef(handle)).toStrictEqual(expected);
      }),
    );
  });
});

describe('parseTaskRef', () => {
  it('reads a raw Kling id as raw, without touching its digits', () => {
    expect(parseTaskRef(LONG_ID)).toEqual({ kind: 'raw', id: LONG_ID });
    expect(parseTaskRef('865102245447913488')).toEqual({ kind: 'raw', id: '865102245447913488' });
  });

  it('tolerates other id shapes the sandbox or a gateway may issue', () => {
    expect(parseTaskRef('task_01HZX-abc')).toEqual({ kind: 'raw', id: 'task_01HZX-abc' });
    expect(parseTaskRef('  865102245447913488\n')).toEqual({ kind: 'raw', id: '865102245447913488' });
  });

  it('reads gateway-prefixed ids and keeps the prefixed form', () => {
    expect(parseTaskRef(`kling-t2v-${LONG_ID}`)).toEqual({
      kind: 'gateway',
      product: 'text-to-video',
      id: LONG_ID,
      gatewayId: `kling-t2v-${LONG_ID}`,
    });
    expect(parseTaskRef('kling-i2v-865102245447913488')).toMatchObject({
      kind: 'gateway',
      product: 'image-to-video',
      id: '865102245447913488',
    });
    expect(parseTaskRef('kling-omni-42')).toMatchObject({ kind: 'gateway', product: 'omni-video', id: '42' });
    expect(parseTaskRef('kling-mc-43')).toMatchObject({ kind: 'gateway', product: 'motion-control', id: '43' });
  });

  it('reads an unknown gateway prefix as a raw id', () => {
    expect(parseTaskRef('kling-xyz-42')).toEqual({ kind: 'raw', id: 'kling-xyz-42' });
  });

  it('refuses what is neither a handle nor an id, naming the task field', () => {
    for (const ref of ['', '   ', 'a b', 'kt1.n.t2v', 'https://example.com/x', 'x'.repeat(65), 'ab/cd']) {
      const error = refusal(ref);
      expect(error.kind).toBe('invalid');
      expect(error.field).toBe('task');
      expect(error.message).toMatch(/^task: .* is not a task handle or Kling task id \(/);
    }
  });

  it('explains a handle it cannot read', () => {
    expect(refusal('kt2.n.t2v.1').message).toContain('handle version 2 is not known');
    expect(refusal('kt1.x.t2v.1').message).toContain('unknown standard code "x"');
    expect(refusal('kt1.n.zzz.1').message).toContain('unknown product code "zzz"');
    expect(refusal('kt1.n.t2v.1.2').message).toContain('the id part is not a Kling task id');
  });

  it('shortens a long input in the message', () => {
    const error = refusal(`${'y'.repeat(200)} z`);
    expect(error.message).toContain(`"${'y'.repeat(77)}..."`);
    expect(error.message).not.toContain('y'.repeat(78));
  });
});

import { describe, expect, it } from 'vitest';
import { parseDecimal, sumDecimals } from '../../core/task/decimal.js';

describe('parseDecimal', () => {
  it('reads decimal strings and numbers', () => {
    expect(parseDecimal('2.4')).toBe(2.4);
    expect(parseDecimal('3.041')).toBe(3.041);
    expect(parseDecimal(' 5 ')).toBe(5);
    expect(parseDecimal(1.8)).toBe(1.8);
  });

  it('refuses what is not a plain decimal', () => {
    for (const value of ['', 'abc', '1e3', '1,5', '.5', 'NaN', Number.NaN, Number.POSITIVE_INFINITY, null, undefined, {}]) {
      expect(parseDecimal(value)).toBeUndefined();
    }
  });
});

describe('sumDecimals', () => {
  it('adds without binary rounding errors', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumDecimals(['0.1', '0.2'])).toBe(0.3);
    expect(sumDecimals(['2.4', '1.8', '0.6'])).toBe(4.8);
    expect(sumDecimals(['10', '0.05'])).toBe(10.05);
    expect(sumDecimals(['-1.5', '1'])).toBe(-0.5);
    expect(sumDecimals([])).toBe(0);
  });

  it('is undefined when one amount is unreadable', () => {
    expect(sumDecimals(['2.4', 'free'])).toBeUndefined();
  });
});

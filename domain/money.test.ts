import { describe, expect, it } from 'vitest';
import { formatNtd } from './money.ts';

describe('formatNtd', () => {
  it.each([
    [0, 'NT$0'],
    [-0, 'NT$0'],
    [5, 'NT$5'],
    [999, 'NT$999'],
    [1000, 'NT$1,000'],
    [1500, 'NT$1,500'],
    [12345, 'NT$12,345'],
    [100000, 'NT$100,000'],
    [1234567, 'NT$1,234,567'],
    [-1500, '-NT$1,500'],
    [Number.MAX_SAFE_INTEGER, 'NT$9,007,199,254,740,991'],
  ])('%s → %s', (amount, expected) => {
    expect(formatNtd(amount)).toBe(expected);
  });

  it.each([1.5, 0.1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60])('rejects %s', (amount) => {
    expect(() => formatNtd(amount)).toThrow(RangeError);
  });
});

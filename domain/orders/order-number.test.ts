import { describe, expect, it } from 'vitest';
import {
  formatOrderNumber,
  generateOrderPrefix,
  isOrderPrefix,
  ORDER_PREFIX_ALPHABET,
  parseOrderNumber,
  couldBeOrderNumberPart,
} from './order-number.ts';

describe('ORDER_PREFIX_ALPHABET', () => {
  it('is the 24 upper-case letters other than I and O, each once', () => {
    expect(ORDER_PREFIX_ALPHABET).toHaveLength(24);
    expect(new Set(ORDER_PREFIX_ALPHABET).size).toBe(24);
    expect(ORDER_PREFIX_ALPHABET).toMatch(/^[A-Z]+$/);
    expect(ORDER_PREFIX_ALPHABET).not.toContain('I');
    expect(ORDER_PREFIX_ALPHABET).not.toContain('O');
  });
});

describe('generateOrderPrefix', () => {
  it('maps each random index to a letter of the alphabet', () => {
    const indexes = [0, 23, 1, 8];
    expect(generateOrderPrefix(() => indexes.shift() ?? 0)).toBe('AZBJ');
  });

  it('asks for indexes below the alphabet size, four times', () => {
    const asked: number[] = [];
    const prefix = generateOrderPrefix((max) => {
      asked.push(max);
      return max - 1;
    });
    expect(asked).toEqual([24, 24, 24, 24]);
    expect(prefix).toBe('ZZZZ');
    expect(isOrderPrefix(prefix)).toBe(true);
  });

  it('always yields a valid prefix', () => {
    let seed = 7;
    for (let i = 0; i < 500; i++) {
      const prefix = generateOrderPrefix((max) => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed % max;
      });
      expect(isOrderPrefix(prefix)).toBe(true);
    }
  });

  it.each([-1, 24, 1.5, Number.NaN])('rejects a random source that returns %s', (bad) => {
    expect(() => generateOrderPrefix(() => bad)).toThrow(RangeError);
  });
});

describe('isOrderPrefix', () => {
  it.each(['ABCD', 'BXAB', 'ZZZZ', 'HJKN'])('accepts %s', (prefix) => {
    expect(isOrderPrefix(prefix)).toBe(true);
  });

  it.each(['abcd', 'ABC', 'ABCDE', 'ABIC', 'OABC', 'B2AB', 'AB-C', 'ＡＢＣＤ', ' ABCD', ''])('rejects %j', (prefix) => {
    expect(isOrderPrefix(prefix)).toBe(false);
  });
});

describe('formatOrderNumber', () => {
  it.each([
    ['BXAB', '20260108', 1, 'BXAB-20260108-0001'],
    ['BXAB', '20260108', 42, 'BXAB-20260108-0042'],
    ['BXAB', '20260108', 9999, 'BXAB-20260108-9999'],
    ['BXAB', '20260108', 10000, 'BXAB-20260108-10000'],
    ['BXAB', '20260108', 123456, 'BXAB-20260108-123456'],
    ['ZZZZ', '20251231', 1, 'ZZZZ-20251231-0001'],
  ])('%s %s #%i → %s', (prefix, dayKey, sequence, expected) => {
    expect(formatOrderNumber(prefix, dayKey, sequence)).toBe(expected);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('rejects sequence %s', (sequence) => {
    expect(() => formatOrderNumber('BXAB', '20260108', sequence)).toThrow(RangeError);
  });

  it.each(['bxab', 'BXA', 'BIAB', 'B2AB', ''])('rejects prefix %j', (prefix) => {
    expect(() => formatOrderNumber(prefix, '20260108', 1)).toThrow(RangeError);
  });

  it.each(['20260230', '2026-01-08', '260108'])('rejects day key %j', (dayKey) => {
    expect(() => formatOrderNumber('BXAB', dayKey, 1)).toThrow(RangeError);
  });
});

describe('parseOrderNumber', () => {
  it.each([
    ['BXAB-20260108-0001', { prefix: 'BXAB', dayKey: '20260108', sequence: 1 }],
    ['bxab-20260108-0001', { prefix: 'BXAB', dayKey: '20260108', sequence: 1 }],
    ['  BxAb-20260108-0042\n', { prefix: 'BXAB', dayKey: '20260108', sequence: 42 }],
    ['BXAB-20260108-9999', { prefix: 'BXAB', dayKey: '20260108', sequence: 9999 }],
    ['BXAB-20260108-10000', { prefix: 'BXAB', dayKey: '20260108', sequence: 10000 }],
    ['ｂｘａｂ－２０２６０１０８－０００１', { prefix: 'BXAB', dayKey: '20260108', sequence: 1 }],
  ])('reads %j', (text, expected) => {
    expect(parseOrderNumber(text)).toEqual(expected);
  });

  it('round-trips formatOrderNumber', () => {
    for (const sequence of [1, 9999, 10000, 9_007_199_254_740_991]) {
      const text = formatOrderNumber('QWER', '20280229', sequence);
      expect(parseOrderNumber(text)).toEqual({ prefix: 'QWER', dayKey: '20280229', sequence });
    }
  });

  it.each([
    ['BXAB-20260108-0000', 'sequence 0'],
    ['BXAB-20260108-001', '3-digit sequence'],
    ['BXAB-20260108-00001', 'zero-padded beyond 4 digits'],
    ['BXAB-20260108-99999999999999999', '17 digits'],
    ['BXAB-20260108-9007199254740992', 'beyond the safe-integer range'],
    ['BXAB-20260230-0001', 'February 30'],
    ['BXAB-2026018-0001', '7-digit day'],
    ['BIAB-20260108-0001', 'I in the prefix'],
    ['B2AB-20260108-0001', 'digit in the prefix'],
    ['BXA-20260108-0001', '3-letter prefix'],
    ['BXAB20260108-0001', 'missing dash'],
    ['BXAB-20260108-0001-1', 'trailing part'],
    ['BXAB 20260108 0001', 'spaces instead of dashes'],
    ['訂單 BXAB-20260108-0001', 'surrounding words'],
    ['', 'empty'],
    ['B'.repeat(10_000), '10,000 characters'],
  ])('rejects %j (%s)', (text) => {
    expect(parseOrderNumber(text)).toBeNull();
  });
});

describe('couldBeOrderNumberPart', () => {
  it('is true for fragments of numbers, full-width ones too, and false for names', () => {
    expect(couldBeOrderNumberPart('0012')).toBe(true);
    expect(couldBeOrderNumberPart('bxab-2026')).toBe(true);
    expect(couldBeOrderNumberPart('ＢＸＡＢ－２０２６')).toBe(true);
    expect(couldBeOrderNumberPart('王小明')).toBe(false);
    expect(couldBeOrderNumberPart('顧客1234')).toBe(false);
    expect(couldBeOrderNumberPart('')).toBe(false);
  });
});

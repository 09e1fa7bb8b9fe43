import { describe, expect, it } from 'vitest';
import {
  formatProductCode,
  isProductCode,
  MAX_PRODUCT_CODE_SEQUENCE,
  parseProductCode,
  ProductCodeExhaustedError,
} from './product-code.ts';

describe('formatProductCode', () => {
  it.each([
    ['20260108', 1, '260108001'],
    ['20260108', 12, '260108012'],
    ['20260108', 999, '260108999'],
    ['20260108', 1000, '2601081000'],
    ['20260108', 1234, '2601081234'],
    ['20260108', 9999, '2601089999'],
    ['20251231', 1, '251231001'],
    ['20000101', 1, '000101001'],
    ['20990228', 5, '990228005'],
  ])('%s #%i → %s', (dayKey, sequence, expected) => {
    expect(formatProductCode(dayKey, sequence)).toBe(expected);
  });

  it('stops at 9999 with a merchant-readable error', () => {
    expect(MAX_PRODUCT_CODE_SEQUENCE).toBe(9999);
    let thrown: unknown;
    try {
      formatProductCode('20260108', 10000);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProductCodeExhaustedError);
    expect(thrown).toBeInstanceOf(Error);
    const error = thrown as ProductCodeExhaustedError;
    expect(error.name).toBe('ProductCodeExhaustedError');
    expect(error.message).toBe('今日新增商品已達上限 9999 件，請明天再新增');
    expect(error.dayKey).toBe('20260108');
    expect(error.sequence).toBe(10000);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects sequence %s with RangeError', (sequence) => {
    expect(() => formatProductCode('20260108', sequence)).toThrow(RangeError);
  });

  it.each(['20260230', '2026018', '2026-01-08', '', '19991231', '21000101'])(
    'rejects day key %j with RangeError',
    (dayKey) => {
      expect(() => formatProductCode(dayKey, 1)).toThrow(RangeError);
    },
  );

  it('never gives two sequences of a day the same code', () => {
    const codes = new Set<string>();
    for (let sequence = 1; sequence <= MAX_PRODUCT_CODE_SEQUENCE; sequence++) {
      codes.add(formatProductCode('20260108', sequence));
    }
    expect(codes.size).toBe(MAX_PRODUCT_CODE_SEQUENCE);
  });

  it('round-trips through parseProductCode', () => {
    for (const sequence of [1, 99, 999, 1000, 9999]) {
      expect(parseProductCode(formatProductCode('20280229', sequence))).toEqual({ dayKey: '20280229', sequence });
    }
  });
});

describe('isProductCode / parseProductCode', () => {
  it.each(['260108001', '260108999', '2601081000', '2601089999', '280229001', '000101001'])('accepts %s', (code) => {
    expect(isProductCode(code)).toBe(true);
  });

  it('reads the day and the sequence', () => {
    expect(parseProductCode('260108001')).toEqual({ dayKey: '20260108', sequence: 1 });
    expect(parseProductCode('2601081000')).toEqual({ dayKey: '20260108', sequence: 1000 });
  });

  it.each([
    ['260108000', 'sequence 0 is never issued'],
    ['2601080999', '4-digit sequence with a leading zero is never issued'],
    ['2601080001', '4-digit sequence with a leading zero is never issued'],
    ['261308001', 'month 13'],
    ['260008001', 'month 0'],
    ['260100001', 'day 0'],
    ['260132001', 'day 32'],
    ['260230001', 'February 30'],
    ['270229001', 'February 29 in a common year'],
    ['26010800', '8 digits'],
    ['26010810001', '11 digits'],
    ['2025001', 'a 7-digit code from the merchant guide'],
    ['26010800a', 'a letter'],
    [' 260108001', 'surrounding space'],
    ['２６０１０８００１', 'full-width digits (normalise first)'],
    ['', 'empty'],
  ])('rejects %j (%s)', (code) => {
    expect(isProductCode(code)).toBe(false);
    expect(parseProductCode(code)).toBeNull();
  });
});

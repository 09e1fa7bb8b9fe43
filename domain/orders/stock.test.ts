import { describe, expect, it } from 'vitest';
import { allocateStock, isLowStock, isSoldOut, isValidStock, LOW_STOCK_THRESHOLD, UNLIMITED_STOCK } from './stock.ts';

describe('constants', () => {
  it('match the documented stock rules', () => {
    expect(UNLIMITED_STOCK).toBe(-1);
    expect(LOW_STOCK_THRESHOLD).toBe(10);
  });
});

describe('allocateStock', () => {
  it.each([
    [-1, 1, { outcome: 'unlimited', allocated: 1, missing: 0, stockAfter: -1 }],
    [-1, 99, { outcome: 'unlimited', allocated: 99, missing: 0, stockAfter: -1 }],
    [10, 3, { outcome: 'full', allocated: 3, missing: 0, stockAfter: 7 }],
    [3, 3, { outcome: 'full', allocated: 3, missing: 0, stockAfter: 0 }],
    [1, 1, { outcome: 'full', allocated: 1, missing: 0, stockAfter: 0 }],
    [2, 3, { outcome: 'partial', allocated: 2, missing: 1, stockAfter: 0 }], // order 3 of a product with 2 left
    [1, 99, { outcome: 'partial', allocated: 1, missing: 98, stockAfter: 0 }],
    [0, 1, { outcome: 'none', allocated: 0, missing: 1, stockAfter: 0 }],
    [0, 5, { outcome: 'none', allocated: 0, missing: 5, stockAfter: 0 }],
  ] as const)('stock %i, requested %i', (stock, requested, expected) => {
    expect(allocateStock(stock, requested)).toEqual(expected);
  });

  it('keeps allocated + missing = requested and never goes below zero', () => {
    for (let stock = -1; stock <= 12; stock++) {
      for (let requested = 1; requested <= 12; requested++) {
        const a = allocateStock(stock, requested);
        expect(a.allocated + a.missing).toBe(requested);
        expect(a.allocated).toBeGreaterThanOrEqual(0);
        if (stock >= 0) expect(a.stockAfter).toBe(stock - a.allocated);
        else expect(a.stockAfter).toBe(UNLIMITED_STOCK);
      }
    }
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects requested %s', (requested) => {
    expect(() => allocateStock(5, requested)).toThrow(RangeError);
  });

  it.each([-2, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects stock %s', (stock) => {
    expect(() => allocateStock(stock, 1)).toThrow(RangeError);
  });
});

describe('isLowStock', () => {
  it.each([
    [-1, false],
    [0, true],
    [1, true],
    [9, true],
    [10, false],
    [11, false],
    [-2, false],
    [5.5, false],
  ])('stock %s → %s', (stock, expected) => {
    expect(isLowStock(stock)).toBe(expected);
  });
});

describe('isValidStock', () => {
  it.each([
    [-1, true],
    [0, true],
    [100000, true],
    [-2, false],
    [0.5, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
  ])('%s → %s', (stock, expected) => {
    expect(isValidStock(stock)).toBe(expected);
  });
});

describe('isSoldOut', () => {
  it('is true only for zero', () => {
    expect(isSoldOut(0)).toBe(true);
    expect(isSoldOut(-1)).toBe(false);
    expect(isSoldOut(1)).toBe(false);
  });
});

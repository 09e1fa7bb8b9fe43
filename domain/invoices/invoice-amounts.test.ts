import { describe, expect, it } from 'vitest';
import { canVoid, splitTaxIncluded, voidDeadline } from './invoice-amounts.ts';

describe('splitTaxIncluded', () => {
  it('shows 5% tax apart in whole NT$ that add up to the total', () => {
    expect(splitTaxIncluded(105)).toEqual({ sales: 100, tax: 5 });
    expect(splitTaxIncluded(1999)).toEqual({ sales: 1904, tax: 95 });
    expect(splitTaxIncluded(1)).toEqual({ sales: 1, tax: 0 });
    expect(splitTaxIncluded(0)).toEqual({ sales: 0, tax: 0 });
    for (let total = 0; total < 3000; total += 7) {
      const { sales, tax } = splitTaxIncluded(total);
      expect(sales + tax).toBe(total);
      expect(Math.abs(tax - sales * 0.05)).toBeLessThanOrEqual(0.5);
    }
  });

  it('refuses fractions and negatives', () => {
    expect(() => splitTaxIncluded(10.5)).toThrow(RangeError);
    expect(() => splitTaxIncluded(-1)).toThrow(RangeError);
  });
});

describe('voidDeadline', () => {
  it('is 00:00 Taipei on the 13th of the month after the two-month period', () => {
    // January (Jan–Feb period) and February alike: until 13 March.
    expect(voidDeadline(new Date('2026-01-05T04:00:00Z')).toISOString()).toBe('2026-03-12T16:00:00.000Z');
    expect(voidDeadline(new Date('2026-02-28T04:00:00Z')).toISOString()).toBe('2026-03-12T16:00:00.000Z');
    // November–December: into the next year.
    expect(voidDeadline(new Date('2026-12-04T04:00:00Z')).toISOString()).toBe('2027-01-12T16:00:00.000Z');
  });

  it('counts the invoice’s Taipei day, not its UTC one', () => {
    // 28 Feb 17:00 UTC is 1 March in Taipei: the Mar–Apr period.
    expect(voidDeadline(new Date('2026-02-28T17:00:00Z')).toISOString()).toBe('2026-05-12T16:00:00.000Z');
  });

  it('lets a refund void the invoice until then and not after', () => {
    const issued = new Date('2026-12-04T04:00:00Z');
    expect(canVoid(issued, new Date('2027-01-12T15:59:59Z'))).toBe(true);
    expect(canVoid(issued, new Date('2027-01-12T16:00:00Z'))).toBe(false);
  });
});

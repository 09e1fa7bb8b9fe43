import { describe, expect, it } from 'vitest';
import { isValidTaxId } from './tax-id.ts';

describe('isValidTaxId', () => {
  it('accepts real companies’ numbers', () => {
    expect(isValidTaxId('22099131')).toBe(true); // 台灣積體電路製造
    expect(isValidTaxId('96979933')).toBe(true); // 中華電信
  });

  it('accepts a number valid only by the 2023 divisor of 5', () => {
    // Digit sums add to 5: refused by the old divisor 10, accepted now; 4 is refused by both.
    expect(isValidTaxId('10000004')).toBe(true);
    expect(isValidTaxId('10000003')).toBe(false);
  });

  it('reads a 7 in the seventh place both ways', () => {
    expect(isValidTaxId('10458575')).toBe(true); // sum 30
    expect(isValidTaxId('10458574')).toBe(true); // sum 29: 28 → 1 + 0 taken as 0
    expect(isValidTaxId('10458573')).toBe(false);
    // The same trick does not apply when the seventh digit is not 7.
    expect(isValidTaxId('22099132')).toBe(false);
  });

  it('refuses anything but eight digits', () => {
    for (const text of ['', '2209913', '220991311', '2209913A', ' 22099131', '２２０９９１３１']) {
      expect(isValidTaxId(text)).toBe(false);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { averageDaysBetween, averageOrderValue, isVip, startOfTaipeiMonth } from './customer-stats.ts';

describe('customer rules', () => {
  it('VIP from the 10th purchase', () => {
    expect(isVip(9)).toBe(false);
    expect(isVip(10)).toBe(true);
    expect(isVip(0)).toBe(false);
  });

  it('the month starts at Taipei midnight, not UTC', () => {
    // 2026-01-31T16:30Z is already February 1st in Taipei.
    expect(startOfTaipeiMonth(new Date('2026-01-31T16:30:00Z')).toISOString()).toBe('2026-01-31T16:00:00.000Z');
    expect(startOfTaipeiMonth(new Date('2026-01-31T15:59:00Z')).toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });

  it('purchase frequency is the mean gap in days, whatever the order of dates', () => {
    const d = (s: string) => new Date(`${s}T00:00:00Z`);
    expect(averageDaysBetween([])).toBeNull();
    expect(averageDaysBetween([d('2026-01-01')])).toBeNull();
    expect(averageDaysBetween([d('2026-01-11'), d('2026-01-01'), d('2026-01-05')])).toBe(5);
    expect(averageDaysBetween([d('2026-01-01'), d('2026-01-01')])).toBe(0);
  });

  it('average order value in whole dollars', () => {
    expect(averageOrderValue(1000, 3)).toBe(333);
    expect(averageOrderValue(1001, 2)).toBe(501);
    expect(averageOrderValue(0, 0)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES } from '../orders/order-status.ts';
import {
  CLOSED_ORDER_STATUSES,
  anonymizedLineUserId,
  isClosedOrderStatus,
  isRetentionMonths,
  retentionCutoff,
} from './data-retention.ts';

describe('the retention cut-off', () => {
  it('is midnight in Taipei, N calendar months before the Taipei day of the run', () => {
    // 2026-12-11 04:00 Taipei (the nightly run) → 2025-12-11 00:00 Taipei = 2025-12-10 16:00 UTC.
    expect(retentionCutoff(new Date('2026-12-10T20:00:00Z'), 12).toISOString()).toBe('2025-12-10T16:00:00.000Z');
    expect(retentionCutoff(new Date('2026-12-10T20:00:00Z'), 6).toISOString()).toBe('2026-06-10T16:00:00.000Z');
    expect(retentionCutoff(new Date('2026-12-10T20:00:00Z'), 36).toISOString()).toBe('2023-12-10T16:00:00.000Z');
  });

  it('counts the day in Taipei, not in UTC', () => {
    // 2026-01-01 07:30 Taipei is still 2025-12-31 in UTC.
    expect(retentionCutoff(new Date('2025-12-31T23:30:00Z'), 6).toISOString()).toBe('2025-06-30T16:00:00.000Z');
    // 2026-01-01 00:00 Taipei exactly.
    expect(retentionCutoff(new Date('2025-12-31T16:00:00Z'), 24).toISOString()).toBe('2023-12-31T16:00:00.000Z');
  });

  it('crosses years and clamps the day to the shorter month', () => {
    expect(retentionCutoff(new Date('2026-03-31T04:00:00Z'), 12).toISOString()).toBe('2025-03-30T16:00:00.000Z');
    // 8/31 less 6 months: February 2026 has 28 days.
    expect(retentionCutoff(new Date('2026-08-31T04:00:00Z'), 6).toISOString()).toBe('2026-02-27T16:00:00.000Z');
    // 2028 is a leap year: 2028-08-31 less 6 months is 2/29.
    expect(retentionCutoff(new Date('2028-08-31T04:00:00Z'), 6).toISOString()).toBe('2028-02-28T16:00:00.000Z');
    expect(retentionCutoff(new Date('2026-05-15T04:00:00Z'), 6).toISOString()).toBe('2025-11-14T16:00:00.000Z');
  });

  it('keeps an order made exactly N months ago today, and lets go of one the day before', () => {
    const run = new Date('2026-12-10T20:00:00Z'); // 12/11 04:00 Taipei
    const cutoff = retentionCutoff(run, 12);
    expect(new Date('2025-12-11T00:00:00+08:00').getTime() < cutoff.getTime()).toBe(false);
    expect(new Date('2025-12-10T23:59:59+08:00').getTime() < cutoff.getTime()).toBe(true);
  });
});

describe('what is kept and what goes', () => {
  it('offers 6, 12, 24 and 36 months', () => {
    expect([6, 12, 24, 36].every(isRetentionMonths)).toBe(true);
    expect([0, 1, 7, 48, '12', null].some(isRetentionMonths)).toBe(false);
  });

  it('treats only finished orders as closed: an open order keeps its customer', () => {
    expect([...CLOSED_ORDER_STATUSES].sort()).toEqual(['cancelled', 'completed', 'rejected', 'shipped']);
    const open = ORDER_STATUSES.filter((s) => !isClosedOrderStatus(s));
    expect(open).toEqual(['pending', 'confirmed', 'paid', 'needs_attention', 'accepted', 'preparing', 'ready']);
  });

  it('replaces the LINE user ID with one that names nobody and stays unique', () => {
    expect(anonymizedLineUserId('0193a0c0-0000-7000-8000-000000000001')).toBe(
      'anonymized:0193a0c0-0000-7000-8000-000000000001',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { formatPickupNumber, leadMinutes, prepareAtFor } from './order-timing.ts';
import { DEFAULT_PICKUP_METHODS } from './pickup-methods.ts';

describe('order timing', () => {
  it('numbers pickups 001, 094, 1000', () => {
    expect(formatPickupNumber(1)).toBe('001');
    expect(formatPickupNumber(94)).toBe('094');
    expect(formatPickupNumber(1000)).toBe('1000');
    expect(() => formatPickupNumber(0)).toThrow(RangeError);
  });

  it('prepares a future order its lead time before the slot, never before it was placed', () => {
    const placed = new Date('2026-12-08T03:00:00Z');
    expect(prepareAtFor(new Date('2026-12-08T06:00:00Z'), 20, placed).toISOString()).toBe('2026-12-08T05:40:00.000Z');
    expect(prepareAtFor(new Date('2026-12-08T03:10:00Z'), 20, placed)).toEqual(placed);
  });

  it('reads the lead time of each method', () => {
    expect(leadMinutes(DEFAULT_PICKUP_METHODS, 'pickup')).toBe(20);
    expect(leadMinutes(DEFAULT_PICKUP_METHODS, 'delivery')).toBe(40);
    expect(leadMinutes(DEFAULT_PICKUP_METHODS, 'dine_in')).toBe(0);
  });
});

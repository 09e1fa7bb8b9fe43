import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../form-errors.ts';
import {
  adjustedStock,
  branchCapacitySchema,
  isPaused,
  itemCapacitySchema,
  leftOf,
  mergeLines,
  minutesLeft,
  pauseEnd,
  pauseSchema,
  shortageMessage,
  stockAdjustSchema,
  stockOn,
  stockSchema,
  taipeiTimeToday,
  unavailableReason,
  UNLIMITED,
} from './daily-ops.ts';

// 2026-12-04 13:30 in Taipei.
const now = new Date('2026-12-04T05:30:00Z');

describe('stockOn', () => {
  it('is unlimited for an item the branch does not count', () => {
    expect(stockOn(null, '20261204')).toBe(UNLIMITED);
  });

  it('starts a new Taipei day from the daily quantity, and keeps the day it was counted on', () => {
    const counted = { quantity: 3, dailyQuantity: 20, stockDay: '20261203' };
    expect(stockOn(counted, '20261203')).toBe(3);
    expect(stockOn(counted, '20261204')).toBe(20);
  });

  it('carries the quantity over without a daily quantity', () => {
    expect(stockOn({ quantity: 3, dailyQuantity: null, stockDay: '20261201' }, '20261204')).toBe(3);
  });
});

describe('adjustedStock', () => {
  it('never goes below 0 and leaves unlimited alone', () => {
    expect(adjustedStock(2, -5)).toBe(0);
    expect(adjustedStock(2, 3)).toBe(5);
    expect(adjustedStock(UNLIMITED, -1)).toBe(UNLIMITED);
  });
});

describe('stockSchema', () => {
  it('accepts unlimited, sold out and a daily quantity', () => {
    expect(stockSchema.parse({ quantity: -1, dailyQuantity: null })).toEqual({ quantity: -1, dailyQuantity: null });
    expect(stockSchema.parse({ quantity: 0, dailyQuantity: 30 }).dailyQuantity).toBe(30);
  });

  it('refuses fractions, below -1 and a daily quantity on an unlimited item, per field in zh-TW', () => {
    const bad = stockSchema.safeParse({ quantity: 1.5, dailyQuantity: -2 });
    expect(bad.success).toBe(false);
    expect(fieldErrors(bad.error!)).toEqual({
      quantity: '庫存數量必須是整數',
      dailyQuantity: '每日補貨數量不能小於 0',
    });
    expect(fieldErrors(stockSchema.safeParse({ quantity: -2, dailyQuantity: null }).error!).quantity).toBe(
      '庫存數量不能小於 -1',
    );
    expect(fieldErrors(stockSchema.safeParse({ quantity: -1, dailyQuantity: 5 }).error!)).toEqual({
      dailyQuantity: '不限量的品項不需要每日補貨數量',
    });
  });

  it('refuses a zero adjustment', () => {
    expect(stockAdjustSchema.safeParse({ delta: 0 }).success).toBe(false);
    expect(stockAdjustSchema.parse({ delta: -1 })).toEqual({ delta: -1 });
  });
});

describe('pauses', () => {
  it('pauses until resumed, to the end of the Taipei day, or to a time', () => {
    expect(pauseEnd('resume', now)).toEqual({ until: null });
    expect(pauseEnd('today', now)).toEqual({ until: new Date('2026-12-04T16:00:00Z') });
    expect(pauseEnd('2026-12-04T15:00:00+08:00', now)).toEqual({ until: new Date('2026-12-04T07:00:00Z') });
  });

  it('"today" late at night still ends at the coming Taipei midnight', () => {
    expect(pauseEnd('today', new Date('2026-12-04T15:59:00Z'))).toEqual({ until: new Date('2026-12-04T16:00:00Z') });
  });

  it('refuses a time already past or more than 30 days away', () => {
    expect(pauseEnd('2026-12-04T13:00:00+08:00', now)).toEqual({ error: '這個時間已經過了，請選之後的時間' });
    expect(pauseEnd('2027-02-01T00:00:00+08:00', now)).toHaveProperty('error');
  });

  it('accepts only resume, today or an ISO time with its offset', () => {
    expect(pauseSchema.safeParse({ until: 'tomorrow' }).success).toBe(false);
    expect(pauseSchema.safeParse({ until: '2026-12-04T15:00:00' }).success).toBe(false);
    expect(pauseSchema.safeParse({ until: '2026-12-04T07:00:00Z' }).success).toBe(true);
  });

  it('turns 到幾點 into today in Taipei, and refuses a passed or malformed time', () => {
    expect(taipeiTimeToday('15:00', now)).toBe('2026-12-04T07:00:00.000Z');
    expect(taipeiTimeToday('13:00', now)).toBeNull();
    expect(taipeiTimeToday('25:00', now)).toBeNull();
  });

  it('treats an expired pause as not paused', () => {
    expect(isPaused({ until: null }, now)).toBe(true);
    expect(isPaused({ until: new Date('2026-12-04T05:31:00Z') }, now)).toBe(true);
    expect(isPaused({ until: now }, now)).toBe(false);
    expect(isPaused(null, now)).toBe(false);
    expect(minutesLeft(new Date('2026-12-04T05:30:01Z'), now)).toBe(1);
  });

  it('names a pause before a sell-out', () => {
    expect(unavailableReason(true, 0)).toBe('paused');
    expect(unavailableReason(false, 0)).toBe('sold_out');
    expect(unavailableReason(false, UNLIMITED)).toBeNull();
    expect(unavailableReason(false, 4)).toBeNull();
  });
});

describe('capacity', () => {
  it('accepts a limit of at least 1 or none', () => {
    expect(branchCapacitySchema.parse({ maxOrdersPerSlot: 20 })).toEqual({ maxOrdersPerSlot: 20 });
    expect(itemCapacitySchema.parse({ maxPerSlot: null })).toEqual({ maxPerSlot: null });
    expect(fieldErrors(branchCapacitySchema.safeParse({ maxOrdersPerSlot: 0 }).error!)).toEqual({
      maxOrdersPerSlot: '每個時段最多訂單數不能小於 1',
    });
  });

  it('merges an item ordered on two lines and sorts by id so orders lock in one order', () => {
    const a = '00000000-0000-7000-8000-00000000000a';
    const b = '00000000-0000-7000-8000-00000000000b';
    expect(
      mergeLines([
        { productId: b, quantity: 1 },
        { productId: a, quantity: 2 },
        { productId: b, quantity: 3 },
      ]),
    ).toEqual([
      { productId: a, quantity: 2 },
      { productId: b, quantity: 4 },
    ]);
  });

  it('says what is left and why an order is refused', () => {
    expect(leftOf(null, 5)).toBeNull();
    expect(leftOf(3, 5)).toBe(0);
    expect(shortageMessage({ reason: 'sold_out', productId: 'x', left: 2 }, '滷肉飯')).toBe('「滷肉飯」只剩 2 份');
    expect(shortageMessage({ reason: 'slot_full' }, '')).toBe('這個時段的訂單已經額滿，請選其他時段');
  });
});

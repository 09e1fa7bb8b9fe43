import { describe, expect, it } from 'vitest';
import { DEFAULT_ORDER_HANDLING, orderHandlingSchema, readOrderHandling } from './order-handling.ts';

describe('order handling settings', () => {
  it('defaults to a 10-minute accept limit with a reminder at 3', () => {
    expect(readOrderHandling(null)).toEqual({
      acceptWithinMinutes: 10,
      remindAfterMinutes: 3,
      autoAccept: false,
      pickupReminderMinutes: 15,
    });
  });

  it('keeps the reminder before the limit', () => {
    const result = orderHandlingSchema.safeParse({ ...DEFAULT_ORDER_HANDLING, remindAfterMinutes: 10 });
    expect(result.error?.issues[0]).toMatchObject({ path: ['remindAfterMinutes'], message: '提醒時間要比接單時限短' });
  });

  it('refuses limits outside 1-60 minutes', () => {
    expect(orderHandlingSchema.safeParse({ ...DEFAULT_ORDER_HANDLING, acceptWithinMinutes: 61 }).success).toBe(false);
    expect(orderHandlingSchema.safeParse({ ...DEFAULT_ORDER_HANDLING, pickupReminderMinutes: -1 }).success).toBe(false);
    expect(orderHandlingSchema.safeParse({ ...DEFAULT_ORDER_HANDLING, acceptWithinMinutes: 2.5 }).success).toBe(false);
  });

  it('reads a damaged row as the defaults', () => {
    expect(readOrderHandling({ acceptWithinMinutes: 2, remindAfterMinutes: 5 })).toEqual(DEFAULT_ORDER_HANDLING);
    expect(readOrderHandling({ acceptWithinMinutes: 5, remindAfterMinutes: 2 })).toMatchObject({
      acceptWithinMinutes: 5,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { orderSettingsSchema } from './order-settings.ts';

describe('order settings', () => {
  it('takes whole minutes within each range', () => {
    expect(orderSettingsSchema.parse({ reservationHoldMinutes: 60, attentionAfterMinutes: 10 })).toEqual({
      reservationHoldMinutes: 60,
      attentionAfterMinutes: 10,
    });
    expect(orderSettingsSchema.safeParse({ reservationHoldMinutes: 43_200, attentionAfterMinutes: 1440 }).success).toBe(
      true,
    );
  });

  it.each([
    [{ reservationHoldMinutes: 0, attentionAfterMinutes: 10 }, '保留時間最少 1 分鐘'],
    [{ reservationHoldMinutes: 43_201, attentionAfterMinutes: 10 }, '保留時間最多 43,200 分鐘'],
    [{ reservationHoldMinutes: 60, attentionAfterMinutes: 1.5 }, '提醒時間請輸入整數分鐘'],
    [{ reservationHoldMinutes: 60, attentionAfterMinutes: 1441 }, '提醒時間最多 1,440 分鐘'],
    [{ reservationHoldMinutes: 60 }, '請輸入提醒時間（分鐘）'],
  ])('refuses %o with a message a merchant can act on', (input, message) => {
    const result = orderSettingsSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([message]);
  });

  it('refuses fields it does not know', () => {
    expect(
      orderSettingsSchema.safeParse({ reservationHoldMinutes: 60, attentionAfterMinutes: 10, extra: 1 }).success,
    ).toBe(false);
  });
});

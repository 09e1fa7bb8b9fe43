import { describe, expect, it } from 'vitest';
import { priceDiscounts } from './order-discounts.ts';
import {
  normalizePromoCode,
  promoCodeDiscountRule,
  promoCodeInputSchema,
  promoCodeLimitRefusal,
  promoCodeRefusal,
  type PromoCodeState,
} from './promo-codes.ts';

const open: PromoCodeState = { startsAt: null, endsAt: null, totalLimit: null, perCustomerLimit: null, usedCount: 0 };
const now = new Date('2026-12-08T04:00:00Z');

const everything = { itemIds: null, categoryIds: null, excludedItemIds: [] };

describe('promo codes', () => {
  it('matches a typed code whatever its case, spaces or full-width letters', () => {
    expect(normalizePromoCode(' spring 100 ')).toBe('SPRING100');
    expect(normalizePromoCode('ＳＰＲＩＮＧ１００')).toBe('SPRING100');
  });

  it('refuses before its start, from its end, when used up, and past the customer limit', () => {
    expect(promoCodeRefusal(open, now, 5)).toBeNull();
    expect(promoCodeRefusal({ ...open, startsAt: new Date('2026-12-09T00:00:00Z') }, now, 0)).toBe('not_started');
    expect(promoCodeRefusal({ ...open, endsAt: now }, now, 0)).toBe('ended');
    expect(promoCodeRefusal({ ...open, totalLimit: 10, usedCount: 10 }, now, 0)).toBe('used_up');
    expect(promoCodeRefusal({ ...open, totalLimit: 10, usedCount: 9 }, now, 0)).toBeNull();
    expect(promoCodeRefusal({ ...open, perCustomerLimit: 1 }, now, 1)).toBe('customer_limit');
  });

  it('accepts a shop’s code in its own words and rejects a bad one clearly', () => {
    const base = {
      label: '開幕折 100',
      rule: {
        value: { kind: 'amount', amount: 100 },
        scope: everything,
        minSpend: 500,
        stacks: false,
      },
      startsAt: '2026-12-01T00:00:00+08:00',
      endsAt: null,
      totalLimit: 100,
      perCustomerLimit: 1,
    };
    const ok = promoCodeInputSchema.safeParse({ ...base, code: 'open 100' });
    expect(ok.success && ok.data.code).toBe('OPEN100');
    const bad = promoCodeInputSchema.safeParse({ ...base, code: '優惠' });
    expect(bad.success).toBe(false);
    const backwards = promoCodeInputSchema.safeParse({ ...base, code: 'OPEN', endsAt: '2026-11-01T00:00:00+08:00' });
    expect(backwards.error?.issues[0]?.message).toBe('結束時間要晚於開始時間');
  });

  it('prices as the code step of the pricing order and says so to the customer', () => {
    const rule = promoCodeDiscountRule({
      id: 'c1',
      code: 'OPEN100',
      label: '滿 500 折 100',
      rule: {
        value: { kind: 'amount', amount: 100 },
        scope: everything,
        minSpend: 500,
        stacks: false,
      },
    });
    const lines = [{ itemId: 'rice', categoryId: null, unitPrice: 120, quantity: 5 }];
    expect(priceDiscounts({ lines, promotions: [], code: rule }).discounts).toEqual([
      { source: 'code', id: 'c1', label: '優惠碼 OPEN100：滿 500 折 100', amount: 100 },
    ]);
    const short = priceDiscounts({ lines: [{ ...lines[0]!, quantity: 4 }], promotions: [], code: rule });
    expect(short.notApplied).toEqual([{ source: 'code', id: 'c1', reason: 'min_spend' }]);
  });

  it('refuses an edit whose total is below what was used already, never one that keeps it', () => {
    expect(promoCodeLimitRefusal({ totalLimit: 2 }, 3)).toBe('已經用了 3 次，總使用上限不能少於 3');
    expect(promoCodeLimitRefusal({ totalLimit: 3 }, 3)).toBeNull();
    expect(promoCodeLimitRefusal({ totalLimit: null }, 300)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { campaignIssueKey, campaignPeriod, couponCampaignInputSchema } from './coupon-campaigns.ts';
import { priceDiscounts } from './order-discounts.ts';
import { couponDiscountRule, couponInputSchema, couponRefusal, issuedValidity } from './coupons.ts';

const issuedAt = new Date('2026-12-09T04:00:00Z');
const day = (n: number) => new Date(issuedAt.getTime() + n * 24 * 60 * 60 * 1000);

describe('coupons', () => {
  it('is good from its issue for its days, never before the coupon starts nor after it ends', () => {
    expect(issuedValidity({ validDays: 30, startsAt: null, endsAt: null }, issuedAt)).toEqual({
      validFrom: issuedAt,
      validUntil: day(30),
    });
    expect(issuedValidity({ validDays: 30, startsAt: null, endsAt: day(7) }, issuedAt).validUntil).toEqual(day(7));
    expect(issuedValidity({ validDays: 3, startsAt: day(10), endsAt: null }, issuedAt)).toEqual({
      validFrom: day(10),
      validUntil: day(13),
    });
    expect(issuedValidity({ validDays: null, startsAt: null, endsAt: null }, issuedAt).validUntil).toBeNull();
  });

  it('refuses before it is good, from its end, when used up, and when the shop switched it off', () => {
    const issued = { validFrom: issuedAt, validUntil: day(30), usedCount: 0, usesPerCoupon: 1, active: true };
    expect(couponRefusal(issued, day(1))).toBeNull();
    expect(couponRefusal(issued, day(-1))).toBe('not_started');
    expect(couponRefusal(issued, day(30))).toBe('expired');
    expect(couponRefusal({ ...issued, usedCount: 1 }, day(1))).toBe('used');
    expect(couponRefusal({ ...issued, usedCount: 1, usesPerCoupon: 2 }, day(1))).toBeNull();
    expect(couponRefusal({ ...issued, active: false }, day(1))).toBe('expired');
  });

  it('prices as the coupon step, after the code, on what the code left', () => {
    const everything = { itemIds: null, categoryIds: null, excludedItemIds: [] };
    const rule = { value: { kind: 'amount', amount: 50 }, scope: everything, minSpend: 0, stacks: false } as const;
    const result = priceDiscounts({
      lines: [{ itemId: 'rice', categoryId: null, unitPrice: 45, quantity: 2 }],
      promotions: [],
      code: { id: 'c', label: '優惠碼 A', ...rule },
      coupon: couponDiscountRule({ id: 'mc1', name: '生日禮', rule }),
    });
    expect(result.discounts.map((d) => [d.source, d.label, d.amount])).toEqual([
      ['code', '優惠碼 A', 50],
      ['coupon', '優惠券：生日禮', 40],
    ]);
    expect(result.total).toBe(0);
  });

  it('asks for a name and a period that ends after it starts', () => {
    const base = {
      name: '回購禮',
      rule: {
        value: { kind: 'percent', percent: 10 },
        scope: { itemIds: null, categoryIds: null, excludedItemIds: [] },
        minSpend: 0,
        stacks: false,
      },
      validDays: 14,
      startsAt: null,
      endsAt: null,
    };
    expect(couponInputSchema.parse(base).usesPerCoupon).toBe(1);
    expect(couponInputSchema.safeParse({ ...base, name: ' ' }).error?.issues[0]?.message).toBe('請輸入優惠券名稱');
    expect(
      couponInputSchema.safeParse({
        ...base,
        startsAt: '2026-12-10T00:00:00+08:00',
        endsAt: '2026-12-01T00:00:00+08:00',
      }).error?.issues[0]?.message,
    ).toBe('結束時間要晚於開始時間');
  });
});

describe('coupon campaign periods', () => {
  it('issues a birthday once a year, a segment once a month, a repurchase once per last order', () => {
    expect(campaignPeriod('birthday', '20261209', null)).toBe('2026');
    expect(campaignPeriod('segment', '20261209', null)).toBe('202612');
    expect(campaignPeriod('repurchase', '20261209', 'o1')).toBe('order-o1');
    expect(campaignIssueKey('c1', '2026', 'm1')).toBe('campaign:c1:2026:m1');
  });

  it('asks a repurchase campaign for its days and a segment campaign for its tag', () => {
    const base = { name: '回購禮', couponId: '0193a5c8-0000-7000-8000-000000000001' };
    expect(couponCampaignInputSchema.safeParse({ ...base, kind: 'birthday' }).success).toBe(true);
    expect(couponCampaignInputSchema.safeParse({ ...base, kind: 'repurchase' }).error?.issues[0]?.message).toBe(
      '請輸入最後一次消費後幾天發送',
    );
    expect(couponCampaignInputSchema.safeParse({ ...base, kind: 'segment' }).error?.issues[0]?.message).toBe(
      '請選擇標籤',
    );
  });
});

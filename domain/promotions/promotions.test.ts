import { describe, expect, it } from 'vitest';
import type { PricedCart } from '../restaurant/cart-pricing.ts';
import { discountCart, discountCartWithPoints, tierLabel, tierStep } from './checkout-discounts.ts';
import {
  promotionApplies,
  promotionDiscountRule,
  promotionInputSchema,
  promotionPhase,
  type PromotionState,
} from './promotions.ts';

const everything = { itemIds: null, categoryIds: null, excludedItemIds: [] };
const now = new Date('2026-12-09T04:00:00Z');
const promo = (extra: Partial<PromotionState> = {}): PromotionState => ({
  id: 'p1',
  name: '週三飲料九折',
  rule: {
    value: { kind: 'percent', percent: 10 },
    scope: { ...everything, categoryIds: ['drinks'] },
    minSpend: 0,
    stacks: false,
  },
  branchIds: [],
  startsAt: null,
  endsAt: null,
  active: true,
  ...extra,
});

// 珍珠奶茶 NT$70 ×2 (飲料), 滷肉飯 NT$45 ×1, delivered for NT$30.
const cart: PricedCart = {
  lines: [
    { productId: 'tea', name: '珍珠奶茶', quantity: 2, unitPrice: 70, lineTotal: 140, choices: [], note: null },
    { productId: 'rice', name: '滷肉飯', quantity: 1, unitPrice: 45, lineTotal: 45, choices: [], note: null },
  ],
  subtotal: 185,
  deliveryFee: 30,
  total: 215,
  problems: [],
};
const categoryOf = (id: string) => (id === 'tea' ? 'drinks' : 'food');

describe('promotions', () => {
  it('runs only while active, inside its period and in its branches', () => {
    expect(promotionApplies(promo(), 'b1', now)).toBe(true);
    expect(promotionApplies(promo({ branchIds: ['b2'] }), 'b1', now)).toBe(false);
    expect(promotionApplies(promo({ branchIds: ['b1'] }), 'b1', now)).toBe(true);
    expect(promotionPhase(promo({ active: false }), now)).toBe('paused');
    expect(promotionPhase(promo({ startsAt: new Date('2026-12-10T00:00:00Z') }), now)).toBe('upcoming');
    expect(promotionPhase(promo({ endsAt: now }), now)).toBe('ended');
  });

  it('refuses a period that ends before it starts and an amount above its minimum spend', () => {
    const base = { name: '滿 300 折 50', rule: promo().rule, startsAt: null, endsAt: null };
    expect(promotionInputSchema.safeParse(base).success).toBe(true);
    const backwards = promotionInputSchema.safeParse({
      ...base,
      startsAt: '2026-12-10T00:00:00+08:00',
      endsAt: '2026-12-01T00:00:00+08:00',
    });
    expect(backwards.error?.issues[0]?.message).toBe('結束時間要晚於開始時間');
    const tooMuch = promotionInputSchema.safeParse({
      ...base,
      rule: { ...base.rule, value: { kind: 'amount', amount: 400 }, minSpend: 300 },
    });
    expect(tooMuch.error?.issues[0]?.message).toBe('折抵金額不能高於最低消費');
  });
});

describe('discountCart', () => {
  it('takes the discounts off the lines, never the delivery fee, in whole NT$', () => {
    const priced = discountCart(cart, categoryOf, {
      promotions: [promotionDiscountRule(promo())],
      later: tierStep({ id: 'gold', name: '金卡', discountPercent: 5 }),
    });
    // 飲料九折: 14 off 140; 金卡 5% of the 171 left: 8 (floored).
    expect(priced.discounts.map((d) => [d.source, d.label, d.amount])).toEqual([
      ['promotion', '週三飲料九折', 14],
      ['tier', '金卡會員 95 折', 8],
    ]);
    expect(priced.discountTotal).toBe(22);
    expect(priced.subtotal).toBe(185);
    expect(priced.deliveryFee).toBe(30);
    expect(priced.total).toBe(185 - 22 + 30);
  });

  it('names tier discounts as Taiwanese shops do and skips a tier without one', () => {
    expect(tierLabel({ name: '銀卡', discountPercent: 10 })).toBe('銀卡會員 9 折');
    expect(tierLabel({ name: '黑卡', discountPercent: 15 })).toBe('黑卡會員 85 折');
    expect(tierStep({ id: 't', name: '一般', discountPercent: 0 })).toEqual([]);
    expect(tierStep(null)).toEqual([]);
  });
});

describe('discountCartWithPoints', () => {
  // 10 points = NT$1, at least 50 points, at most 20% of what is left to pay.
  const terms = { redeemPoints: 10, redeemAmount: 1, minRedeemPoints: 50, maxRedeemPercent: 20, maxRedeemAmount: null };
  const steps = {
    promotions: [promotionDiscountRule(promo())],
    later: tierStep({ id: 'gold', name: '金卡', discountPercent: 5 }),
  };

  it('prices points last, capped by a share of what the earlier steps left, in whole NT$', () => {
    const { cart: priced, points } = discountCartWithPoints(cart, categoryOf, steps, {
      terms,
      balance: 1_000,
      requested: 1_000,
    });
    // 185 − 14 (飲料九折) − 8 (金卡) leaves 163; 20% of it is NT$32, i.e. 320 points at most.
    expect(points).toMatchObject({ balance: 1_000, maxPoints: 320, maxDiscount: 32, used: 320, discount: 32 });
    expect(priced.discounts.map((d) => [d.source, d.label, d.amount])).toEqual([
      ['promotion', '週三飲料九折', 14],
      ['tier', '金卡會員 95 折', 8],
      ['points', '點數折抵 320 點', 32],
    ]);
    expect(priced.total).toBe(163 - 32 + 30);
  });

  it('spends what is asked in whole steps, and offers without spending when nothing is asked', () => {
    const asked = discountCartWithPoints(cart, categoryOf, steps, { terms, balance: 1_000, requested: 129 });
    expect(asked.points).toMatchObject({ used: 120, discount: 12 });
    expect(asked.cart.discountTotal).toBe(14 + 8 + 12);
    const shown = discountCartWithPoints(cart, categoryOf, steps, { terms, balance: 1_000, requested: 0 });
    expect(shown.points).toMatchObject({ maxPoints: 320, used: 0, discount: 0, refusal: null });
    expect(shown.cart.discounts.map((d) => d.source)).toEqual(['promotion', 'tier']);
  });

  it('refuses more points than the balance and fewer than the minimum, and prices without them', () => {
    const short = discountCartWithPoints(cart, categoryOf, steps, { terms, balance: 100, requested: 200 });
    expect(short.points?.refusal).toEqual({ code: 'not_enough_points', message: '點數不足，目前有 100 點' });
    expect(short.cart.discountTotal).toBe(22);
    const few = discountCartWithPoints(cart, categoryOf, steps, { terms, balance: 100, requested: 40 });
    expect(few.points?.refusal?.code).toBe('below_minimum');
    expect(discountCartWithPoints(cart, categoryOf, steps, null).points).toBeNull();
  });
});

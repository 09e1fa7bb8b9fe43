import { describe, expect, it } from 'vitest';
import type { DiscountRule, PricingLine } from './discount-rules.ts';
import { priceDiscounts } from './order-discounts.ts';

const everything = { itemIds: null, categoryIds: null, excludedItemIds: [] };
const rule = (id: string, value: DiscountRule['value'], extra: Partial<DiscountRule> = {}): DiscountRule => ({
  id,
  label: id,
  value,
  scope: everything,
  minSpend: 0,
  stacks: false,
  ...extra,
});

// 珍珠奶茶 NT$60 ×2, 紅茶 NT$30 ×3 (飲料), 滷肉飯 NT$45 ×1 (主食): NT$255.
const lines: PricingLine[] = [
  { itemId: 'milk-tea', categoryId: 'drinks', unitPrice: 60, quantity: 2 },
  { itemId: 'black-tea', categoryId: 'drinks', unitPrice: 30, quantity: 3 },
  { itemId: 'rice', categoryId: 'food', unitPrice: 45, quantity: 1 },
];

describe('priceDiscounts', () => {
  it('floors a percentage to whole NT$ and adds up', () => {
    const result = priceDiscounts({ lines, promotions: [rule('九折', { kind: 'percent', percent: 10 })] });
    expect(result.subtotal).toBe(255);
    expect(result.discounts).toEqual([{ source: 'promotion', id: '九折', label: '九折', amount: 25 }]);
    expect(result.total).toBe(230);
  });

  it('gives the best non-stacking promotion and every stacking one', () => {
    const result = priceDiscounts({
      lines,
      promotions: [
        rule('折20', { kind: 'amount', amount: 20 }),
        rule('八折', { kind: 'percent', percent: 20 }),
        rule(
          '飲料折10',
          { kind: 'amount', amount: 10 },
          { stacks: true, scope: { ...everything, categoryIds: ['drinks'] } },
        ),
      ],
    });
    expect(result.discounts.map((d) => [d.id, d.amount])).toEqual([
      ['八折', 51],
      ['飲料折10', 10],
    ]);
    expect(result.total).toBe(255 - 61);
  });

  it('makes the cheapest units free on buy X get Y, only within its scope and not for excluded items', () => {
    const drinks = { ...everything, categoryIds: ['drinks'], excludedItemIds: ['milk-tea'] };
    const result = priceDiscounts({
      lines,
      promotions: [rule('紅茶買二送一', { kind: 'buy_x_get_y', buy: 2, get: 1 }, { scope: drinks })],
    });
    expect(result.discounts[0]?.amount).toBe(30);
    const twoOnly = priceDiscounts({
      lines: [{ itemId: 'black-tea', categoryId: 'drinks', unitPrice: 30, quantity: 2 }],
      promotions: [rule('買二送一', { kind: 'buy_x_get_y', buy: 2, get: 1 })],
    });
    expect(twoOnly.discounts).toEqual([]);
  });

  it('applies the code after promotions, on what they left, and says when a code gives nothing', () => {
    const result = priceDiscounts({
      lines,
      promotions: [rule('折200', { kind: 'amount', amount: 200 })],
      code: rule('SPRING100', { kind: 'amount', amount: 100 }),
    });
    // 255 − 200 leaves 55: the code takes 55, not 100, and the order is free, not negative.
    expect(result.discounts.map((d) => [d.source, d.amount])).toEqual([
      ['promotion', 200],
      ['code', 55],
    ]);
    expect(result.total).toBe(0);

    const short = priceDiscounts({
      lines,
      promotions: [],
      code: rule('滿500折50', { kind: 'amount', amount: 50 }, { minSpend: 500 }),
      coupon: rule('只限甜點', { kind: 'amount', amount: 30 }, { scope: { ...everything, itemIds: ['cake'] } }),
    });
    expect(short.total).toBe(255);
    expect(short.notApplied).toEqual([
      { source: 'code', id: '滿500折50', reason: 'min_spend' },
      { source: 'coupon', id: '只限甜點', reason: 'nothing_covered' },
    ]);
  });

  it('checks minimum spend on what the earlier steps left', () => {
    const result = priceDiscounts({
      lines,
      promotions: [rule('折60', { kind: 'amount', amount: 60 })],
      coupon: rule('滿200折20', { kind: 'amount', amount: 20 }, { minSpend: 200 }),
    });
    expect(result.total).toBe(195);
    expect(result.notApplied).toEqual([{ source: 'coupon', id: '滿200折20', reason: 'min_spend' }]);
  });

  it('runs the later steps (tier, then points) on what is left, in whole NT$, never below zero', () => {
    const result = priceDiscounts({
      lines,
      promotions: [rule('九折', { kind: 'percent', percent: 10 })],
      later: [
        { source: 'tier', id: 'gold', label: '金卡 95 折', amountOf: (left) => left * 0.05 },
        { source: 'points', id: 'points', label: '點數折抵', amountOf: () => 10_000 },
      ],
    });
    expect(result.discounts.map((d) => [d.source, d.amount])).toEqual([
      ['promotion', 25],
      ['tier', 11],
      ['points', 219],
    ]);
    expect(result.total).toBe(0);
  });

  it('never leaves a line below zero when an amount is spread over lines of a few dollars', () => {
    const small: PricingLine[] = [
      { itemId: 'a', categoryId: null, unitPrice: 1, quantity: 1 },
      { itemId: 'b', categoryId: null, unitPrice: 1, quantity: 1 },
      { itemId: 'c', categoryId: null, unitPrice: 1, quantity: 1 },
    ];
    const result = priceDiscounts({
      lines: small,
      promotions: [rule('折2', { kind: 'amount', amount: 2 })],
      code: rule('只限c', { kind: 'amount', amount: 1 }, { scope: { ...everything, itemIds: ['c'] } }),
    });
    expect(result.total).toBe(0);
    expect(result.discounts.map((d) => d.amount)).toEqual([2, 1]);
  });
});

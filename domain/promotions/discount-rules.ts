import { z } from 'zod';

/**
 * What a discount is and what it applies to, shared by promotions (促銷活動), promo codes (優惠碼)
 * and coupons (優惠券). Pure: the pricing order in order-discounts.ts applies them.
 */

export type DiscountValue =
  /** 打折: percent off the lines it covers (10 = 九折). */
  | { kind: 'percent'; percent: number }
  /** 折抵: whole NT$ off, at most what it covers. */
  | { kind: 'amount'; amount: number }
  /** 買 X 送 Y: of every X + Y covered units, the Y cheapest are free. */
  | { kind: 'buy_x_get_y'; buy: number; get: number };

export interface DiscountScope {
  /** null: every item; else only these items or items in these categories. */
  itemIds: readonly string[] | null;
  categoryIds: readonly string[] | null;
  /** Never discounted, whatever else says (例如 菸酒、已特價商品). */
  excludedItemIds: readonly string[];
}

export interface DiscountRule {
  id: string;
  /** What the customer reads next to the amount (「全店九折」, 「優惠碼 SPRING100」). */
  label: string;
  value: DiscountValue;
  scope: DiscountScope;
  /** The covered lines must add up to at least this (NT$) before it applies. */
  minSpend: number;
  /** May be used together with other discounts of its kind; a non-stacking one stands alone. */
  stacks: boolean;
}

export interface PricingLine {
  itemId: string;
  categoryId: string | null;
  unitPrice: number;
  quantity: number;
}

/** 10% off reads 「9 折」 and 15% off 「85 折」 in Taiwan. */
export function foldOf(percentOff: number): string {
  const rest = 100 - percentOff;
  return rest % 10 === 0 ? String(rest / 10) : String(rest);
}

export function covers(scope: DiscountScope, line: PricingLine): boolean {
  if (scope.excludedItemIds.includes(line.itemId)) return false;
  if (scope.itemIds === null && scope.categoryIds === null) return true;
  return (
    (scope.itemIds?.includes(line.itemId) ?? false) ||
    (line.categoryId !== null && (scope.categoryIds?.includes(line.categoryId) ?? false))
  );
}

/**
 * What the rule takes off these lines, given what is left of each line's money after earlier
 * discounts (`remaining`, same order as `lines`). Percentages are floored to whole NT$, so a
 * shop never gives more than it said; nothing goes below zero.
 */
export function discountOf(rule: DiscountRule, lines: readonly PricingLine[], remaining: readonly number[]): number {
  const covered = lines
    .map((line, i) => ({ line, left: remaining[i]! }))
    .filter(({ line }) => covers(rule.scope, line));
  const base = covered.reduce((sum, c) => sum + c.left, 0);
  if (covered.length === 0 || base <= 0 || base < rule.minSpend) return 0;
  const value = rule.value;
  switch (value.kind) {
    case 'percent':
      return Math.min(base, Math.floor((base * value.percent) / 100));
    case 'amount':
      return Math.min(base, value.amount);
    case 'buy_x_get_y': {
      const units = covered
        .flatMap(({ line }) => Array<number>(line.quantity).fill(line.unitPrice))
        .sort((a, b) => a - b);
      const free = Math.floor(units.length / (value.buy + value.get)) * value.get;
      return Math.min(
        base,
        units.slice(0, free).reduce((sum, price) => sum + price, 0),
      );
    }
  }
}

const discountValueSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), percent: z.number().int().min(1).max(100) }),
  z.object({ kind: z.literal('amount'), amount: z.number().int().min(1).max(1_000_000) }),
  z.object({
    kind: z.literal('buy_x_get_y'),
    buy: z.number().int().min(1).max(99),
    get: z.number().int().min(1).max(99),
  }),
]);

const ids = z.array(z.string().min(1).max(64)).max(500);

/** A discount as promotions, codes and coupons store it: a DiscountRule without its id and label. */
export const storedDiscountSchema = z.object({
  value: discountValueSchema,
  scope: z.object({ itemIds: ids.nullable(), categoryIds: ids.nullable(), excludedItemIds: ids }),
  minSpend: z.number().int().min(0).max(1_000_000),
  stacks: z.boolean(),
});
export type StoredDiscount = z.infer<typeof storedDiscountSchema>;

import { pointsOffer, type PointsOffer, type RedeemTerms } from '../members/points.ts';
import type { PricedCart } from '../restaurant/cart-pricing.ts';
import { foldOf } from './discount-rules.ts';
import type { PricingLine } from './discount-rules.ts';
import { priceDiscounts, type AppliedDiscount, type DiscountInput, type NotApplied } from './order-discounts.ts';

/**
 * A priced cart with the pricing order's discounts taken off: what the storefront's quote shows,
 * what 送出訂單 charges and what the order keeps. Delivery fees are never discounted, so the
 * total is the discounted lines plus the fee.
 */

export interface DiscountedCart extends PricedCart {
  discounts: AppliedDiscount[];
  /** Their sum, integer NT$. */
  discountTotal: number;
  notApplied: NotApplied[];
}

/** A member's VIP tier as the pricing order's tier step (its discount on what is left). */
export interface TierBenefit {
  id: string;
  name: string;
  discountPercent: number;
}

export function tierLabel(tier: Pick<TierBenefit, 'name' | 'discountPercent'>): string {
  return `${tier.name}會員 ${foldOf(tier.discountPercent)} 折`;
}

export function tierStep(tier: TierBenefit | null): NonNullable<DiscountInput['later']> {
  if (!tier || tier.discountPercent <= 0) return [];
  return [
    {
      source: 'tier',
      id: tier.id,
      label: tierLabel(tier),
      amountOf: (left) => (left * tier.discountPercent) / 100,
    },
  ];
}

/** The cart's lines as the pricing order reads them (each unit with its options' price). */
export function pricingLines(cart: PricedCart, categoryOf: (productId: string) => string | null): PricingLine[] {
  return cart.lines.map((line) => ({
    itemId: line.productId,
    categoryId: categoryOf(line.productId),
    unitPrice: line.unitPrice,
    quantity: line.quantity,
  }));
}

export function discountCart(
  cart: PricedCart,
  categoryOf: (productId: string) => string | null,
  steps: Omit<DiscountInput, 'lines'>,
): DiscountedCart {
  const result = priceDiscounts({ ...steps, lines: pricingLines(cart, categoryOf) });
  const discountTotal = result.subtotal - result.total;
  return {
    ...cart,
    discounts: result.discounts,
    discountTotal,
    notApplied: result.notApplied,
    total: cart.total - discountTotal,
  };
}

/** The member's side of the points step: the shop's terms in effect, the balance, what they ask to spend. */
export interface PointsRequest {
  terms: RedeemTerms;
  balance: number;
  requested: number;
}

export function pointsLabel(points: number): string {
  return `點數折抵 ${points} 點`;
}

/**
 * The cart through the whole pricing order, points last: the earlier steps priced first, the
 * points offer made on what their lines still cost, then, when the member spends some, priced
 * again with them as the final step (a fixed NT$ amount, so both passes agree on the rest).
 */
export function discountCartWithPoints(
  cart: PricedCart,
  categoryOf: (productId: string) => string | null,
  steps: Omit<DiscountInput, 'lines'>,
  points: PointsRequest | null,
): { cart: DiscountedCart; points: PointsOffer | null } {
  const before = discountCart(cart, categoryOf, steps);
  if (!points) return { cart: before, points: null };
  const offer = pointsOffer(points.terms, {
    balance: points.balance,
    left: before.subtotal - before.discountTotal,
    requested: points.requested,
  });
  if (offer.discount === 0) return { cart: before, points: offer };
  const step = {
    source: 'points' as const,
    id: 'points',
    label: pointsLabel(offer.used),
    amountOf: () => offer.discount,
  };
  return { cart: discountCart(cart, categoryOf, { ...steps, later: [...(steps.later ?? []), step] }), points: offer };
}

export const NOT_APPLIED_ZH: Record<NotApplied['reason'], string> = {
  min_spend: '還沒達到最低消費',
  nothing_covered: '購物車裡沒有適用的品項',
};

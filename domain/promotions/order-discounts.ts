import { covers, discountOf, type DiscountRule, type PricingLine } from './discount-rules.ts';

/**
 * The one pricing order for discounts, wherever an order is priced (the storefront's cart and
 * checkout, a +1 order's payment; never Uber Eats, whose prices are Uber's):
 *   1. the shop's running promotions: every stacking one, plus the single best non-stacking one;
 *   2. the promo code the customer typed, if any;
 *   3. the coupon the customer chose, if any;
 *   4. the member's tier discount, then 5. points redeemed (supplied by the members rules).
 * Each step works on what the earlier ones left, line by line, so no line is discounted twice
 * below zero; delivery fees are never discounted. A code or coupon that gives nothing is
 * reported as not applied, with the reason, rather than silently dropped.
 */

export interface AppliedDiscount {
  source: 'promotion' | 'code' | 'coupon' | 'tier' | 'points';
  id: string;
  label: string;
  amount: number;
}

export interface DiscountInput {
  lines: readonly PricingLine[];
  promotions: readonly DiscountRule[];
  code?: DiscountRule | null;
  coupon?: DiscountRule | null;
  /** Later steps of the order (tier, points), each given what is left and taking a whole NT$ amount. */
  later?: readonly { source: 'tier' | 'points'; id: string; label: string; amountOf: (left: number) => number }[];
}

export type NotApplied = { source: 'code' | 'coupon'; id: string; reason: 'min_spend' | 'nothing_covered' };

export interface DiscountResult {
  subtotal: number;
  discounts: AppliedDiscount[];
  notApplied: NotApplied[];
  /** The lines' money after every discount. */
  total: number;
}

/**
 * Takes `amount` off the covered lines' remaining money in proportion, in whole NT$: each line
 * its floored share, then the few dollars left one by one to the lines with the largest
 * fractions that still have money (so no line goes below zero and the parts add up).
 */
function spread(rule: DiscountRule, lines: readonly PricingLine[], remaining: number[], amount: number): void {
  const covered = lines.flatMap((line, i) => (covers(rule.scope, line) && remaining[i]! > 0 ? [i] : []));
  const base = covered.reduce((sum, i) => sum + remaining[i]!, 0);
  const shares = covered.map((i) => {
    const exact = (amount * remaining[i]!) / base;
    return { i, share: Math.floor(exact), fraction: exact - Math.floor(exact) };
  });
  let left = amount - shares.reduce((sum, s) => sum + s.share, 0);
  for (const s of [...shares].sort((a, b) => b.fraction - a.fraction)) {
    const extra = Math.min(left, remaining[s.i]! - s.share);
    s.share += extra;
    left -= extra;
  }
  for (const s of shares) remaining[s.i] = remaining[s.i]! - s.share;
}

export function priceDiscounts(input: DiscountInput): DiscountResult {
  const remaining = input.lines.map((l) => l.unitPrice * l.quantity);
  const subtotal = remaining.reduce((sum, v) => sum + v, 0);
  const discounts: AppliedDiscount[] = [];
  const notApplied: NotApplied[] = [];
  const apply = (source: AppliedDiscount['source'], rule: DiscountRule) => {
    const amount = discountOf(rule, input.lines, remaining);
    if (amount > 0) {
      spread(rule, input.lines, remaining, amount);
      discounts.push({ source, id: rule.id, label: rule.label, amount });
    }
    return amount;
  };

  const best = input.promotions
    .filter((p) => !p.stacks)
    .map((p) => ({ p, amount: discountOf(p, input.lines, remaining) }))
    .sort((a, b) => b.amount - a.amount)[0];
  for (const promotion of input.promotions) {
    if (promotion.stacks || promotion === best?.p) apply('promotion', promotion);
  }

  for (const [source, rule] of [
    ['code', input.code],
    ['coupon', input.coupon],
  ] as const) {
    if (!rule) continue;
    if (apply(source, rule) > 0) continue;
    const anyCovered = input.lines.some((line) => covers(rule.scope, line));
    notApplied.push({ source, id: rule.id, reason: anyCovered ? 'min_spend' : 'nothing_covered' });
  }

  for (const step of input.later ?? []) {
    const left = remaining.reduce((sum, v) => sum + v, 0);
    const amount = Math.max(0, Math.min(left, Math.floor(step.amountOf(left))));
    if (amount === 0) continue;
    const all: DiscountRule = {
      id: step.id,
      label: step.label,
      value: { kind: 'amount', amount },
      scope: { itemIds: null, categoryIds: null, excludedItemIds: [] },
      minSpend: 0,
      stacks: true,
    };
    spread(all, input.lines, remaining, amount);
    discounts.push({ source: step.source, id: step.id, label: step.label, amount });
  }

  return { subtotal, discounts, notApplied, total: remaining.reduce((sum, v) => sum + v, 0) };
}

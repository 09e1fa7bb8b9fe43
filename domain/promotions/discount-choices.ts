import { z } from 'zod';
import { normalizePromoCode } from './promo-codes.ts';

/**
 * What a customer chooses at the pay step, wherever an order is priced (the storefront's
 * checkout, a "+1" order's pay page): the typed 優惠碼, one issued 優惠券 and the 點數 to spend.
 * Promotions and the member's tier are not chosen; the pricing order applies them by itself.
 */

export const PROMO_CODE_TYPED_MAX = 30;
export const POINTS_REQUEST_MAX = 10_000_000;

export const discountChoiceFields = {
  /** 優惠碼 as typed (matched by normalizePromoCode); empty: none. */
  promoCode: z
    .string({ error: '優惠碼必須是文字' })
    .trim()
    .max(PROMO_CODE_TYPED_MAX, `優惠碼最多 ${PROMO_CODE_TYPED_MAX} 個字`)
    .optional(),
  /** 優惠券: the customer's issued coupon (its member_coupons id) to use. */
  couponId: z.uuid({ error: '優惠券不正確' }).optional(),
  /** 點數折抵: how many of the member's points to spend (0 or absent: none), priced by the shop's 點數規則. */
  usePoints: z
    .int({ error: '折抵點數請填整數' })
    .min(0, '折抵點數請填 0 以上')
    .max(POINTS_REQUEST_MAX, '折抵點數太多了')
    .optional(),
};

export const discountChoicesSchema = z.strictObject(discountChoiceFields, { error: '優惠內容不正確' });
export type DiscountChoices = z.infer<typeof discountChoicesSchema>;

/** The same choices however they were typed (a code's case and spaces, 0 points or none), to tell a repeat from a change. */
export function sameDiscountChoices(a: DiscountChoices, b: DiscountChoices): boolean {
  const key = (c: DiscountChoices) => [normalizePromoCode(c.promoCode ?? ''), c.couponId ?? '', c.usePoints ?? 0];
  return JSON.stringify(key(a)) === JSON.stringify(key(b));
}

/**
 * Whether a "+1" order's pay link stops at the pay page before the card form: only when the
 * customer has something to choose there (a coupon of theirs, points to spend, a code the shop
 * gives out). Otherwise it goes straight on to pay, with the automatic discounts taken off.
 */
export function payStepOffersChoices(offer: { coupons: number; maxPoints: number; openPromoCodes: boolean }): boolean {
  return offer.coupons > 0 || offer.maxPoints > 0 || offer.openPromoCodes;
}

/** Why a "+1" order's discounts can no longer be chosen. */
export type PayStepClosed = 'not_chat_order' | 'not_awaiting_card' | 'discounts_applied';

/**
 * A "+1" order takes its discounts while it waits for its card payment (已購買, unpaid; a shop
 * that takes cards in the chat opens the payment when the customer first goes to pay), once: a
 * restaurant order took them at checkout, and an order with discount lines has had its turn.
 */
export function payStepClosed(
  order: {
    pickupMethod: string | null;
    status: string;
    payment: { method: string; status: string } | null;
    discountLines: number;
  },
  /** Whether the shop takes cards in the chat (read only for an order with no payment yet). */
  chatTakesCards: boolean,
): PayStepClosed | null {
  if (order.pickupMethod !== null) return 'not_chat_order';
  if (order.discountLines > 0) return 'discounts_applied';
  if (order.status !== 'confirmed') return 'not_awaiting_card';
  const awaitingCard = order.payment
    ? order.payment.method === 'card' && order.payment.status === 'unpaid'
    : chatTakesCards;
  return awaitingCard ? null : 'not_awaiting_card';
}

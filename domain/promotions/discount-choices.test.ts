import { describe, expect, it } from 'vitest';
import { discountChoicesSchema, payStepClosed, payStepOffersChoices, sameDiscountChoices } from './discount-choices.ts';

describe('discountChoicesSchema', () => {
  it('takes a code, a coupon and points, and refuses anything else', () => {
    const coupon = '0190a0a0-0000-7000-8000-000000000001';
    expect(discountChoicesSchema.parse({ promoCode: ' live30 ', couponId: coupon, usePoints: 20 })).toEqual({
      promoCode: 'live30',
      couponId: coupon,
      usePoints: 20,
    });
    expect(discountChoicesSchema.safeParse({ usePoints: -1 }).success).toBe(false);
    expect(discountChoicesSchema.safeParse({ usePoints: 1.5 }).success).toBe(false);
    expect(discountChoicesSchema.safeParse({ couponId: 'x' }).success).toBe(false);
    expect(discountChoicesSchema.safeParse({ tip: 10 }).success).toBe(false);
  });
});

describe('sameDiscountChoices', () => {
  it('reads a code however it was typed and no points as 0', () => {
    expect(sameDiscountChoices({ promoCode: 'live 30' }, { promoCode: 'LIVE30', usePoints: 0 })).toBe(true);
    expect(sameDiscountChoices({}, { usePoints: 0, promoCode: '' })).toBe(true);
    expect(sameDiscountChoices({ usePoints: 10 }, { usePoints: 20 })).toBe(false);
    expect(sameDiscountChoices({ couponId: 'a' }, {})).toBe(false);
  });
});

describe('payStepOffersChoices', () => {
  it('stops at the pay page only when there is something to choose', () => {
    expect(payStepOffersChoices({ coupons: 0, maxPoints: 0, openPromoCodes: false })).toBe(false);
    expect(payStepOffersChoices({ coupons: 1, maxPoints: 0, openPromoCodes: false })).toBe(true);
    expect(payStepOffersChoices({ coupons: 0, maxPoints: 10, openPromoCodes: false })).toBe(true);
    expect(payStepOffersChoices({ coupons: 0, maxPoints: 0, openPromoCodes: true })).toBe(true);
  });
});

describe('payStepClosed', () => {
  const waiting = {
    pickupMethod: null,
    status: 'confirmed',
    payment: { method: 'card', status: 'unpaid' },
    discountLines: 0,
  };
  it('is open for a bought "+1" order waiting for its card payment, once', () => {
    expect(payStepClosed(waiting, false)).toBeNull();
    expect(payStepClosed({ ...waiting, discountLines: 2 }, false)).toBe('discounts_applied');
    expect(payStepClosed({ ...waiting, pickupMethod: 'pickup' }, true)).toBe('not_chat_order');
  });
  it('is closed once paid, before it is bought, and for other ways to pay', () => {
    expect(payStepClosed({ ...waiting, payment: { method: 'card', status: 'paid' } }, true)).toBe('not_awaiting_card');
    expect(payStepClosed({ ...waiting, status: 'pending' }, true)).toBe('not_awaiting_card');
    expect(payStepClosed({ ...waiting, payment: { method: 'transfer', status: 'unpaid' } }, true)).toBe(
      'not_awaiting_card',
    );
  });
  it('opens with no payment yet only at a shop that takes cards in the chat', () => {
    expect(payStepClosed({ ...waiting, payment: null }, true)).toBeNull();
    expect(payStepClosed({ ...waiting, payment: null }, false)).toBe('not_awaiting_card');
  });
});

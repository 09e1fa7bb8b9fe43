import { describe, expect, it } from 'vitest';
import { stripeAmountToTwd, twdToStripeAmount } from './stripe-amount.ts';

describe('TWD on Stripe', () => {
  it('charges NT$1,999 as 199900 two-decimal units and reads it back', () => {
    expect(twdToStripeAmount(1999)).toBe(199900);
    expect(stripeAmountToTwd(199900)).toBe(1999);
    expect(twdToStripeAmount(0)).toBe(0);
  });
  it('refuses amounts that are not whole, non-negative NT$', () => {
    expect(() => twdToStripeAmount(19.99)).toThrow(RangeError);
    expect(() => twdToStripeAmount(-1)).toThrow(RangeError);
  });
});

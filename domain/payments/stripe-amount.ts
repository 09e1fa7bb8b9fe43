/**
 * Stripe takes TWD in two-decimal units, though Taiwan has no cents in practice (Stripe pays
 * TWD out as zero-decimal): NT$1,999 is `unit_amount: 199900`. Jiayi keeps integer NT$ and
 * converts only at Stripe's door, in both directions, here.
 */
export function twdToStripeAmount(ntd: number): number {
  if (!Number.isSafeInteger(ntd) || ntd < 0) throw new RangeError(`NT$ amount must be a non-negative integer: ${ntd}`);
  return ntd * 100;
}

/** Stripe's TWD amount back in whole NT$ (rounded: Stripe never bills Jiayi's prices in fractions). */
export function stripeAmountToTwd(amount: number): number {
  return Math.round(amount / 100);
}

/** The currency every Jiayi price is in, as Stripe spells it. */
export const STRIPE_CURRENCY = 'twd';

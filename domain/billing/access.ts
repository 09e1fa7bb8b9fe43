/** How much of its admin a shop may use (mirrors the billing_access enum). */
export type BillingAccess = 'full' | 'grace' | 'read_only';

/** Stripe's subscription statuses, and 'checkout' before the first Checkout is completed. */
export type SubscriptionStatus =
  | 'checkout'
  | 'incomplete'
  | 'incomplete_expired'
  | 'trialing'
  | 'active'
  | 'past_due'
  | 'canceled'
  | 'unpaid'
  | 'paused';

/** Statuses whose shop has paid (or is in its free trial). */
const IN_GOOD_STANDING: ReadonlySet<SubscriptionStatus> = new Set(['trialing', 'active']);
/** Statuses with a payment that failed and Stripe still retrying or waiting to be paid. */
const PAYMENT_FAILED: ReadonlySet<SubscriptionStatus> = new Set(['past_due', 'unpaid']);

/**
 * The access a status leads to, from the access the shop has now: paid (or trialing) is full at
 * once; a failed payment starts the grace period once (it never restarts it, and never lifts a
 * shop already read-only); anything else (no subscription yet, canceled, paused) is read-only.
 */
export function accessFor(status: SubscriptionStatus, current: BillingAccess): BillingAccess {
  if (IN_GOOD_STANDING.has(status)) return 'full';
  if (PAYMENT_FAILED.has(status)) return current === 'full' ? 'grace' : current;
  return 'read_only';
}

/** Whether the shop's admin may change anything. */
export function canWrite(access: BillingAccess | null): boolean {
  return access !== 'read_only';
}

/** Whole days left until `end` (rounded up: on the trial's last day, 1 day is left). */
export function daysLeft(end: Date, now: Date): number {
  return Math.max(0, Math.ceil((end.getTime() - now.getTime()) / 86_400_000));
}

import { daysLeft } from '../../domain/billing/access.ts';
import type { BillingSummary } from '../../domain/billing/billing-summary.ts';
import type { ShopSubscription } from '../../db/billing/subscriptions.ts';

/**
 * A shop's subscription as the admin shows it (the banner on every page, and 付費方案); null
 * for a shop Jiayi does not bill.
 */
export function billingSummary(subscription: ShopSubscription | null, now: Date): BillingSummary | null {
  if (!subscription) return null;
  return {
    planCode: subscription.planCode,
    planName: subscription.planName,
    monthlyPriceTwd: subscription.monthlyPriceTwd,
    features: subscription.planFeatures,
    status: subscription.status,
    access: subscription.access,
    trialEndsAt: subscription.trialEndsAt?.toISOString() ?? null,
    trialDaysLeft:
      subscription.status === 'trialing' && subscription.trialEndsAt ? daysLeft(subscription.trialEndsAt, now) : null,
    nextChargeAt: subscription.cancelAtPeriodEnd ? null : (subscription.currentPeriodEndsAt?.toISOString() ?? null),
    cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
    graceEndsAt: subscription.graceEndsAt?.toISOString() ?? null,
  };
}

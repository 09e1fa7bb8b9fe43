import type { BillingAccess, SubscriptionStatus } from './access.ts';

/** A shop's subscription as the admin shows it (GET /me's `billing`, and 付費方案). */
export interface BillingSummary {
  planCode: string;
  planName: string;
  monthlyPriceTwd: number;
  features: string[];
  status: SubscriptionStatus;
  access: BillingAccess;
  trialEndsAt: string | null;
  trialDaysLeft: number | null;
  nextChargeAt: string | null;
  cancelAtPeriodEnd: boolean;
  graceEndsAt: string | null;
}

/** What the admin's banner says, if anything: the trial, a failed payment, or a paused shop. */
export type BillingBannerKind = 'trial' | 'grace' | 'start' | 'paused';

export function billingBanner(summary: BillingSummary | null): BillingBannerKind | null {
  if (!summary) return null;
  if (summary.access === 'read_only') return summary.status === 'checkout' ? 'start' : 'paused';
  if (summary.access === 'grace') return 'grace';
  return summary.status === 'trialing' ? 'trial' : null;
}

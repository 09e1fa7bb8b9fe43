import type { BillingSummary } from '#lib/domain.ts';

/** GET /api/t/:tenant/billing. */
export interface BillingPage {
  enabled: boolean;
  subscription: BillingSummary | null;
  plans: { code: string; name: string; monthlyPriceTwd: number; trialDays: number; features: string[] }[];
  invoices: { id: string; number: string | null; amountTwd: number; status: string | null; createdAt: string; url: string | null }[];
  invoicesUnavailable: boolean;
}

/** Statuses with a live subscription: changed in Stripe's portal, not by a new Checkout. */
export const LIVE_STATUSES: readonly string[] = ['trialing', 'active', 'past_due', 'unpaid'];

import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { PaymentSettingsView } from '#lib/api.ts';
import type { PageLoad } from './$types';

export interface StripeAccountState {
  enabled: boolean;
  account: { id: string; chargesEnabled: boolean; payoutsEnabled: boolean; detailsSubmitted: boolean } | null;
}

/** 收款金流設定: the shop's own Stripe account and the ways customers may pay (settings: view to see, manage to change). */
export const load: PageLoad = async ({ fetch, params }) => {
  const base = `/api/t/${encodeURIComponent(params.tenant)}`;
  const [stripe, payments] = await Promise.all([
    apiFetch<StripeAccountState>(`${base}/payments/stripe-account`, { fetcher: fetch }),
    apiFetch<PaymentSettingsView>(`${base}/settings/payments`, { fetcher: fetch }),
  ]);
  if (!stripe.ok) error(stripe.problem.status, { message: stripe.problem.message, code: stripe.problem.code });
  if (!payments.ok) error(payments.problem.status, { message: payments.problem.message, code: payments.problem.code });
  return { stripe: stripe.body, payments: payments.body };
};

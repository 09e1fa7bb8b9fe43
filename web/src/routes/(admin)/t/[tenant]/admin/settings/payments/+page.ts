import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { PageLoad } from './$types';

export interface StripeAccountState {
  enabled: boolean;
  account: { id: string; chargesEnabled: boolean; payoutsEnabled: boolean; detailsSubmitted: boolean } | null;
}

/** 收款金流設定: the shop's own Stripe account (settings: view to see it, manage to set it up). */
export const load: PageLoad = async ({ fetch, params }) => {
  const result = await apiFetch<StripeAccountState>(
    `/api/t/${encodeURIComponent(params.tenant)}/payments/stripe-account`,
    { fetcher: fetch },
  );
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return { stripe: result.body };
};

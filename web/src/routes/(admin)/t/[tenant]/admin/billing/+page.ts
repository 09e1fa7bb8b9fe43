import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { BillingPage } from '#lib/billing/billing-page.ts';
import type { PageLoad } from './$types';

/** 付費方案: the shop's plan, trial, next charge, invoices and the plans on offer (settings: view). */
export const load: PageLoad = async ({ fetch, params }) => {
  const result = await apiFetch<BillingPage>(`/api/t/${encodeURIComponent(params.tenant)}/billing`, { fetcher: fetch });
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return { billing: result.body };
};

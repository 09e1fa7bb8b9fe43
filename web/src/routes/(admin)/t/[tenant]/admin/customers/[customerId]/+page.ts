import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { CustomerDetail } from '#lib/api.ts';
import type { PageLoad } from './$types';

/** One customer of this shop with their figures and order history (404 for anyone else's). */
export const load: PageLoad = async ({ fetch, params }) => {
  const result = await apiFetch<CustomerDetail>(
    `/api/t/${encodeURIComponent(params.tenant)}/customers/${encodeURIComponent(params.customerId)}`,
    { fetcher: fetch },
  );
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return { customer: result.body };
};

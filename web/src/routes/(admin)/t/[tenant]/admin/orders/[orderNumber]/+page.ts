import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import { orderDetailUrl, type AdminOrderDetail } from '#lib/api.ts';
import type { PageLoad } from './$types';

/** One order by its number (another shop's, or none: 404, as the API answers). */
export const load: PageLoad = async ({ fetch, params }) => {
  const result = await apiFetch<AdminOrderDetail>(orderDetailUrl(params.tenant, params.orderNumber), {
    fetcher: fetch,
  });
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return { detail: result.body };
};

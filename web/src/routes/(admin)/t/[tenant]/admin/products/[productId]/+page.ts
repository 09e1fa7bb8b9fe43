import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { AdminProduct } from '#lib/api.ts';
import type { PageLoad } from './$types';

/** The product to edit (another shop's, or none: 404, as the API answers). */
export const load: PageLoad = async ({ fetch, params }) => {
  const result = await apiFetch<AdminProduct>(
    `/api/t/${encodeURIComponent(params.tenant)}/products/${encodeURIComponent(params.productId)}`,
    { fetcher: fetch },
  );
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return { product: result.body };
};

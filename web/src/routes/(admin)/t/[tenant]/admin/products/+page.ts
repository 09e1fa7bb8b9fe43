import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { AdminProduct } from '#lib/api.ts';
import type { PageLoad } from './$types';

export interface ProductPage {
  products: AdminProduct[];
  next: string | null;
}

/** The first page of products (all of them, newest code first), from the JSON API. */
export const load: PageLoad = async ({ fetch, params }) => {
  const result = await apiFetch<ProductPage>(`/api/t/${encodeURIComponent(params.tenant)}/products`, {
    fetcher: fetch,
  });
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return { page: result.body };
};

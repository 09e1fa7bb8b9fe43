import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import { PAGE_SIZE, type CustomerPage } from '#lib/api.ts';
import { CUSTOMER_FILTERS, type CustomerFilter } from '#lib/domain.ts';
import type { PageLoad } from './$types';

/** The customers the URL asks for (?q=, ?filter=): the first page, from the JSON API. */
export const load: PageLoad = async ({ fetch, params, url }) => {
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const asked = url.searchParams.get('filter');
  const filter: CustomerFilter = CUSTOMER_FILTERS.find((f) => f === asked) ?? 'all';
  const search = new URLSearchParams({ limit: String(PAGE_SIZE), filter });
  if (q) search.set('q', q);
  const result = await apiFetch<CustomerPage>(`/api/t/${encodeURIComponent(params.tenant)}/customers?${search}`, {
    fetcher: fetch,
  });
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return { page: result.body, q, filter };
};

import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { InvoicePage } from '#lib/api.ts';
import type { PageLoad } from './$types';

/** 發票取用: the shop's newest invoices (orders: view). */
export const load: PageLoad = async ({ fetch, params }) => {
  const result = await apiFetch<InvoicePage>(`/api/t/${encodeURIComponent(params.tenant)}/invoices`, { fetcher: fetch });
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return { first: result.body };
};

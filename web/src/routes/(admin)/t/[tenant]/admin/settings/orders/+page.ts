import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { OrderSettings } from '#lib/domain.ts';
import type { PageLoad } from './$types';

/** The shop's order settings (settings: view to see them, manage to change them). */
export const load: PageLoad = async ({ fetch, params }) => {
  const result = await apiFetch<OrderSettings>(`/api/t/${encodeURIComponent(params.tenant)}/settings/orders`, {
    fetcher: fetch,
  });
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return { settings: result.body };
};

import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { StoreProfileView } from '#lib/api.ts';
import type { PageLoad } from './$types';

/** The shop's profile as customers see it, under its kind (settings: view, like the page). */
export const load: PageLoad = async ({ fetch, params }) => {
  const result = await apiFetch<StoreProfileView>(
    `/api/t/${encodeURIComponent(params.tenant)}/settings/store-profile`,
    {
      fetcher: fetch,
    },
  );
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return { store: result.body };
};

import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { AdminBranch } from '#lib/api.ts';
import type { PageLoad } from './$types';

/** The branch to edit (another shop's, or one the member does not work in: as the API answers). */
export const load: PageLoad = async ({ fetch, params, parent }) => {
  const { restaurant } = await parent();
  if (!restaurant) error(404, { message: '這個商店沒有經營餐廳。', code: 'not_a_restaurant' });
  const result = await apiFetch<AdminBranch>(
    `/api/t/${encodeURIComponent(params.tenant)}/branches/${encodeURIComponent(params.branchId)}`,
    { fetcher: fetch },
  );
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return { branch: result.body };
};

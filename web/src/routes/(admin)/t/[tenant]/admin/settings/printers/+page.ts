import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { BranchPrinters } from '#lib/api.ts';
import type { PageLoad } from './$types';

/** The printers of the branch chosen in the header (none chosen: the page says so). */
export const load: PageLoad = async ({ fetch, params, parent }) => {
  const { restaurant } = await parent();
  if (!restaurant) error(404, { message: '這個商店沒有經營餐廳。', code: 'not_a_restaurant' });
  const branch = restaurant.current.branch;
  if (!branch) return { branch: null, printers: null };
  const result = await apiFetch<BranchPrinters>(
    `/api/t/${encodeURIComponent(params.tenant)}/branches/${encodeURIComponent(branch.id)}/printers`,
    { fetcher: fetch },
  );
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return { branch, printers: result.body };
};

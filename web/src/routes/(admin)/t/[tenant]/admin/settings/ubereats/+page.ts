import { uberEatsUrl, type BranchUberEats } from '#lib/api.ts';
import { boardBranch, loadJson } from '#lib/order-board/load.ts';
import type { PageLoad } from './$types';

/** Uber Eats 整合 of the branch chosen in the header. */
export const load: PageLoad = async ({ fetch, params, parent }) => {
  const branch = boardBranch((await parent()).restaurant);
  if (!branch) return { branch: null, current: null };
  return { branch, current: await loadJson<BranchUberEats>(fetch, uberEatsUrl(params.tenant, branch.id)) };
};

import { BRANCH_COOKIE, BRANCH_DEPENDENCY, chosenBranchId } from '#lib/restaurant/branch-context.ts';
import type { LayoutServerLoad } from './$types';

/** The branch this browser last chose in this shop (its cookie is scoped to the shop's admin pages). */
export const load: LayoutServerLoad = ({ cookies, depends }) => {
  depends(BRANCH_DEPENDENCY);
  return { chosenBranchId: chosenBranchId(cookies.get(BRANCH_COOKIE)) };
};

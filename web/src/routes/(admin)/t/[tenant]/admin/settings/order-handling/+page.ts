import { orderHandlingUrl, type OrderHandlingView } from '#lib/api.ts';
import { boardBranch, loadJson } from '#lib/order-board/load.ts';
import type { PageLoad } from './$types';

/** 接單設定 of the branch chosen in the header (switching branches re-runs the layout, and so this). */
export const load: PageLoad = async ({ fetch, params, parent }) => {
  const branch = boardBranch((await parent()).restaurant);
  if (!branch) return { branch: null, settings: null };
  return { branch, settings: await loadJson<OrderHandlingView>(fetch, orderHandlingUrl(params.tenant, branch.id)) };
};

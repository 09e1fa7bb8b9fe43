import { futureOrdersUrl, type FutureOrders } from '#lib/api.ts';
import { futureRange } from '#lib/order-board/future-view.ts';
import { boardBranch, loadJson } from '#lib/order-board/load.ts';
import type { PageLoad } from './$types';

/** 未來訂單總覽 of the branch chosen in the header, for the days the address asks for. */
export const load: PageLoad = async ({ fetch, params, parent, url }) => {
  const branch = boardBranch((await parent()).restaurant);
  const range = futureRange(url.searchParams, new Date());
  if (!branch) return { branch: null, future: null, range };
  const future = await loadJson<FutureOrders>(fetch, futureOrdersUrl(params.tenant, branch.id, range.from, range.days));
  return { branch, future, range };
};

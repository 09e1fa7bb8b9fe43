import { deliverySettingsUrl, type BranchDeliverySettings } from '#lib/api.ts';
import { boardBranch, loadJson } from '#lib/order-board/load.ts';
import type { PageLoad } from './$types';

/** 外送物流設定 of the branch chosen in the header. */
export const load: PageLoad = async ({ fetch, params, parent }) => {
  const branch = boardBranch((await parent()).restaurant);
  if (!branch) return { branch: null, current: null };
  return { branch, current: await loadJson<BranchDeliverySettings>(fetch, deliverySettingsUrl(params.tenant, branch.id)) };
};

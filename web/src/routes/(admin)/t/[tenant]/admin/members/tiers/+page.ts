import { apiFetch } from '#lib/auth.ts';
import type { TierSummary } from '#lib/api.ts';
import { required } from '#lib/storefront/load-shop.ts';
import type { PageLoad } from './$types';

/** VIP 等級管理: the tiers with how many members each has. */
export const load: PageLoad = async ({ fetch, params }) => {
  const tiers = await apiFetch<{ tiers: TierSummary[] }>(`/api/t/${encodeURIComponent(params.tenant)}/member-tiers`, {
    fetcher: fetch,
  });
  return required(tiers);
};

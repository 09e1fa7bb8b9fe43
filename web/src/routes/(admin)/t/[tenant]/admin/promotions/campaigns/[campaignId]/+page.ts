import { apiFetch } from '#lib/auth.ts';
import type { CampaignRun, CampaignSummary, CouponSummary } from '#lib/api.ts';
import { required } from '#lib/storefront/load-shop.ts';
import type { PageLoad } from './$types';

/** A campaign's page: the campaign, its runs (newest first), and the coupons and tags it may name. */
export const load: PageLoad = async ({ fetch, params }) => {
  const api = `/api/t/${encodeURIComponent(params.tenant)}`;
  const [campaign, coupons] = await Promise.all([
    apiFetch<{ campaign: CampaignSummary; runs: CampaignRun[] }>(
      `${api}/coupon-campaigns/${encodeURIComponent(params.campaignId)}`,
      { fetcher: fetch },
    ),
    apiFetch<{ coupons: CouponSummary[]; tags: { id: string; name: string; members: number }[] }>(`${api}/coupons`, {
      fetcher: fetch,
    }),
  ]);
  const { coupons: all, tags } = required(coupons);
  return { ...required(campaign), coupons: all, tags };
};

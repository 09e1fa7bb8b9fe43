import { apiFetch } from '#lib/auth.ts';
import type { CampaignSummary, CouponSummary } from '#lib/api.ts';
import { required } from '#lib/storefront/load-shop.ts';
import type { PageLoad } from './$types';

/** 自動發送設定: the campaigns, and the coupons and tags a campaign may name. */
export const load: PageLoad = async ({ fetch, params }) => {
  const api = `/api/t/${encodeURIComponent(params.tenant)}`;
  const [campaigns, coupons] = await Promise.all([
    apiFetch<{ campaigns: CampaignSummary[] }>(`${api}/coupon-campaigns`, { fetcher: fetch }),
    apiFetch<{ coupons: CouponSummary[]; tags: { id: string; name: string; members: number }[] }>(`${api}/coupons`, {
      fetcher: fetch,
    }),
  ]);
  const { coupons: all, tags } = required(coupons);
  return { campaigns: required(campaigns).campaigns, coupons: all, tags };
};

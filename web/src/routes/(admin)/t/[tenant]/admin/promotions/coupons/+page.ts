import { apiFetch } from '#lib/auth.ts';
import type { CouponSummary, DiscountScopeChoices } from '#lib/api.ts';
import { required } from '#lib/storefront/load-shop.ts';
import type { PageLoad } from './$types';

/** 優惠券管理: every coupon with its issued and used counts, what one may name, and who to issue to. */
export const load: PageLoad = async ({ fetch, params }) => {
  const result = await apiFetch<{
    coupons: CouponSummary[];
    choices: DiscountScopeChoices;
    tags: { id: string; name: string; members: number }[];
    members: number;
  }>(`/api/t/${encodeURIComponent(params.tenant)}/coupons`, { fetcher: fetch });
  return required(result);
};

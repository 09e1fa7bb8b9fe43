import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { CouponSummary, DiscountScopeChoices } from '#lib/api.ts';
import { required } from '#lib/storefront/load-shop.ts';
import type { PageLoad } from './$types';

/** 編輯優惠券: the coupon as it is now, and what its discount may name. */
export const load: PageLoad = async ({ fetch, params }) => {
  const { coupons, choices } = required(
    await apiFetch<{ coupons: CouponSummary[]; choices: DiscountScopeChoices }>(
      `/api/t/${encodeURIComponent(params.tenant)}/coupons`,
      { fetcher: fetch },
    ),
  );
  const coupon = coupons.find((c) => c.id === params.couponId);
  if (!coupon) error(404, { message: '找不到這張優惠券', code: 'not_found' });
  return { coupon, choices };
};

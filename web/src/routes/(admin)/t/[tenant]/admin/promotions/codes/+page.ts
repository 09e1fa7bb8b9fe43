import { apiFetch } from '#lib/auth.ts';
import type { DiscountScopeChoices, StoredPromoCode } from '#lib/api.ts';
import { required } from '#lib/storefront/load-shop.ts';
import type { PageLoad } from './$types';

/** 優惠碼設定: every code with its uses, and what one may name. */
export const load: PageLoad = async ({ fetch, params }) => {
  const result = await apiFetch<{ codes: StoredPromoCode[]; choices: DiscountScopeChoices }>(
    `/api/t/${encodeURIComponent(params.tenant)}/promo-codes`,
    { fetcher: fetch },
  );
  return required(result);
};

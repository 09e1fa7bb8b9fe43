import { apiFetch } from '#lib/auth.ts';
import type { DiscountScopeChoices, StoredPromotion } from '#lib/api.ts';
import type { PromotionPhase } from '#lib/domain.ts';
import { required } from '#lib/storefront/load-shop.ts';
import type { PageLoad } from './$types';

/** 促銷活動設定: every promotion with where it stands, and what one may name. */
export const load: PageLoad = async ({ fetch, params }) => {
  const result = await apiFetch<{
    promotions: (StoredPromotion & { phase: PromotionPhase })[];
    choices: DiscountScopeChoices;
  }>(`/api/t/${encodeURIComponent(params.tenant)}/promotions`, { fetcher: fetch });
  return required(result);
};

import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { DiscountScopeChoices, StoredPromoCode } from '#lib/api.ts';
import { required } from '#lib/storefront/load-shop.ts';
import type { PageLoad } from './$types';

/** 編輯優惠碼: the code as it is now (with its used count), and what its discount may name. */
export const load: PageLoad = async ({ fetch, params }) => {
  const { codes, choices } = required(
    await apiFetch<{ codes: StoredPromoCode[]; choices: DiscountScopeChoices }>(
      `/api/t/${encodeURIComponent(params.tenant)}/promo-codes`,
      { fetcher: fetch },
    ),
  );
  const promoCode = codes.find((c) => c.id === params.codeId);
  if (!promoCode) error(404, { message: '找不到這個優惠碼', code: 'not_found' });
  return { promoCode, choices };
};

import { apiFetch } from '#lib/auth.ts';
import type { ShopProduct } from '#lib/api.ts';
import { loadShop, required } from '#lib/storefront/load-shop.ts';
import type { PageLoad } from './$types';

/** One product of the shop, the shop, and who is signed in. */
export const load: PageLoad = async ({ fetch, params }) => {
  const { extra, ...shop } = await loadShop(fetch, params.tenant, (base) =>
    apiFetch<{ product: ShopProduct }>(`${base}/products/${encodeURIComponent(params.productId)}`, { fetcher: fetch }),
  );
  return { ...shop, product: required(extra).product };
};

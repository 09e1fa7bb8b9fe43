import { apiFetch } from '#lib/auth.ts';
import type { ShopProduct } from '#lib/api.ts';
import { loadShop, required } from '#lib/storefront/load-shop.ts';
import type { PageLoad } from './$types';

/** The shop, its products, and who is signed in. */
export const load: PageLoad = async ({ fetch, params }) => {
  const { extra, ...shop } = await loadShop(fetch, params.tenant, (base) =>
    apiFetch<{ products: ShopProduct[] }>(`${base}/products`, { fetcher: fetch }),
  );
  return { ...shop, products: required(extra).products };
};

import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { ShopProduct, StorefrontCustomer, StorefrontShop } from '#lib/api.ts';
import type { PageLoad } from './$types';

/** The shop, its products, and who is signed in (nobody is not an error). */
export const load: PageLoad = async ({ fetch, params }) => {
  const base = `/api/shop/${encodeURIComponent(params.tenant)}`;
  const [shop, products, session] = await Promise.all([
    apiFetch<StorefrontShop>(base, { fetcher: fetch }),
    apiFetch<{ products: ShopProduct[] }>(`${base}/products`, { fetcher: fetch }),
    apiFetch<{ customer: StorefrontCustomer }>(`${base}/session`, { fetcher: fetch }),
  ]);
  if (!shop.ok) error(shop.problem.status, { message: shop.problem.message, code: shop.problem.code });
  if (!products.ok) error(products.problem.status, { message: products.problem.message, code: products.problem.code });
  return { ...shop.body, products: products.body.products, customer: session.ok ? session.body.customer : null };
};

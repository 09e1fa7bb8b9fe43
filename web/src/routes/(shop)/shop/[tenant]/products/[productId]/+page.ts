import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { ShopProduct, StorefrontCustomer, StorefrontShop } from '#lib/api.ts';
import type { PageLoad } from './$types';

/** One product of the shop, the shop, and who is signed in. */
export const load: PageLoad = async ({ fetch, params }) => {
  const base = `/api/shop/${encodeURIComponent(params.tenant)}`;
  const [shop, product, session] = await Promise.all([
    apiFetch<StorefrontShop>(base, { fetcher: fetch }),
    apiFetch<{ product: ShopProduct }>(`${base}/products/${encodeURIComponent(params.productId)}`, { fetcher: fetch }),
    apiFetch<{ customer: StorefrontCustomer }>(`${base}/session`, { fetcher: fetch }),
  ]);
  if (!shop.ok) error(shop.problem.status, { message: shop.problem.message, code: shop.problem.code });
  if (!product.ok) error(product.problem.status, { message: product.problem.message, code: product.problem.code });
  return { ...shop.body, product: product.body.product, customer: session.ok ? session.body.customer : null };
};

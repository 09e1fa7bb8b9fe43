import { apiFetch } from '#lib/auth.ts';
import type { ShopBranch, ShopProduct } from '#lib/api.ts';
import { loadShop, required } from '#lib/storefront/load-shop.ts';
import type { PageLoad } from './$types';

/** The shop, its products (a +1 seller) and its branches (a restaurant), and who is signed in. */
export const load: PageLoad = async ({ fetch, params }) => {
  const { extra, ...shop } = await loadShop(fetch, params.tenant, (base) =>
    Promise.all([
      apiFetch<{ products: ShopProduct[] }>(`${base}/products`, { fetcher: fetch }),
      apiFetch<{ branches: ShopBranch[] }>(`${base}/branches`, { fetcher: fetch }),
    ]),
  );
  const [products, branches] = extra;
  return { ...shop, products: required(products).products, branches: branches.ok ? branches.body.branches : [] };
};

import { apiFetch } from '#lib/auth.ts';
import { customerOrderUrl, type CustomerOrderView } from '#lib/api.ts';
import { loadShop } from '#lib/storefront/load-shop.ts';
import type { PageLoad } from './$types';

/** The customer's order (null until they sign in, or when it is not theirs), the shop and who is signed in. */
export const load: PageLoad = async ({ fetch, params, url }) => {
  const { extra, ...shop } = await loadShop(fetch, params.tenant, () =>
    apiFetch<CustomerOrderView>(customerOrderUrl(params.tenant, params.orderNumber), { fetcher: fetch }),
  );
  return {
    ...shop,
    orderNumber: params.orderNumber,
    order: extra.ok ? extra.body : null,
    notFound: !extra.ok && extra.problem.status === 404,
    justPlaced: url.searchParams.has('placed'),
  };
};

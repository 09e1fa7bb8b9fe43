import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import { menuUrl, type RestaurantMenu, type ShopBranch } from '#lib/api.ts';
import { loadShop, required } from '../load-shop.ts';

/**
 * What the ordering page of a branch loads: the shop and who is signed in, the branch's menu
 * with the shop's profile, and the branch itself (open now, the methods it offers). `table`
 * comes from a table's QR code and fixes the order to dine-in there.
 */
export async function loadOrderPage(
  fetcher: typeof fetch,
  params: { tenant: string; branchId: string; table?: string },
) {
  const { extra, ...shop } = await loadShop(fetcher, params.tenant, (base) =>
    Promise.all([
      apiFetch<RestaurantMenu>(menuUrl(params.tenant, params.branchId), { fetcher }),
      apiFetch<{ branches: ShopBranch[] }>(`${base}/branches`, { fetcher }),
    ]),
  );
  const [menu, branches] = extra;
  const branch = required(branches).branches.find((b) => b.id === params.branchId);
  if (!branch) error(404, { message: '找不到這間分店', code: 'branch_not_found' });
  return { ...shop, menu: required(menu), branch, table: params.table ?? null };
}

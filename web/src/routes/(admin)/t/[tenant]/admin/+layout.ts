import { error, redirect } from '@sveltejs/kit';
import { MENU_PAGES, menuPageOf } from '#lib/admin-menu.ts';
import { apiFetch, type TenantMe } from '#lib/auth.ts';
import { ORDERS_READ, can, isPageKey, pageApplies, runsRestaurant, type PageKey } from '#lib/domain.ts';
import { BRANCH_DEPENDENCY, loadRestaurant } from '#lib/restaurant/branch-context.ts';
import type { LayoutLoad } from './$types';

/**
 * Who is looking at this shop: the member, their role and per-page permissions (GET
 * /api/t/:tenant/me). No session: to sign-in and back. Not a member (or no such shop): 404,
 * the same for both, as the API answers. A shop that runs a restaurant: the member's branches
 * and the one they work on (#lib/restaurant/branch-context.ts); `restaurant` is null otherwise.
 */
export const load: LayoutLoad = async ({ data, depends, fetch, params, url }) => {
  depends(BRANCH_DEPENDENCY);
  const me = await apiFetch<TenantMe>(`/api/t/${encodeURIComponent(params.tenant)}/me`, { fetcher: fetch });
  if (!me.ok) {
    if (me.problem.status === 401) redirect(303, `/sign-in?returnTo=${encodeURIComponent(url.pathname + url.search)}`);
    if (me.problem.status === 404) error(404, { message: me.problem.message, code: 'shop_not_found' });
    error(me.problem.status, { message: me.problem.message, code: me.problem.code });
  }
  // Each page of the admin is a permission: one the member may not see is refused here, even
  // when the data it reads is shared with a page they may (the product list, say).
  // An order's own page is reached from the boards too. LINE 設定 is every member's (their binding).
  const adminPath = url.pathname.split('/admin/')[1] ?? '';
  const here = menuPageOf(MENU_PAGES, adminPath);
  const pages = here?.page === 'orders' && adminPath !== 'orders' ? ORDERS_READ : here ? [here.page] : [];
  // A restaurant's page in a shop that runs none is not there at all.
  if (here && !pageApplies(here, me.body.tenant.kind, true)) error(404, { message: 'not found', code: 'not_found' });
  const guarded = here !== null && !('everyone' in here) && pages.every(isPageKey);
  if (guarded && !can(me.body.member.permissions, pages as readonly PageKey[], 'view')) {
    error(403, { message: 'forbidden', code: 'forbidden' });
  }
  const restaurant = runsRestaurant(me.body.tenant.kind)
    ? await loadRestaurant(fetch, params.tenant, data.chosenBranchId)
    : null;
  return { me: me.body, restaurant };
};

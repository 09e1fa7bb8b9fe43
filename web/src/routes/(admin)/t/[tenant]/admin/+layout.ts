import { error, redirect } from '@sveltejs/kit';
import { apiFetch, type TenantMe } from '#lib/auth.ts';
import { runsRestaurant } from '#lib/domain.ts';
import { BRANCH_DEPENDENCY, loadRestaurant } from '#lib/restaurant/branch-context.ts';
import type { LayoutLoad } from './$types';

/**
 * Who is looking at this shop: the member, their role and per-area permissions (GET
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
  const restaurant = runsRestaurant(me.body.tenant.kind)
    ? await loadRestaurant(fetch, params.tenant, data.chosenBranchId)
    : null;
  return { me: me.body, restaurant };
};

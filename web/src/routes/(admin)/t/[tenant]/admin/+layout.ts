import { error, redirect } from '@sveltejs/kit';
import { apiFetch, type TenantMe } from '#lib/auth.ts';
import type { LayoutLoad } from './$types';

/**
 * Who is looking at this shop: the member, their role and per-area permissions (GET
 * /api/t/:tenant/me). No session: to sign-in and back. Not a member (or no such shop): 404,
 * the same for both, as the API answers.
 */
export const load: LayoutLoad = async ({ fetch, params, url }) => {
  const me = await apiFetch<TenantMe>(`/api/t/${encodeURIComponent(params.tenant)}/me`, { fetcher: fetch });
  if (me.ok) return { me: me.body };
  if (me.problem.status === 401) redirect(303, `/sign-in?returnTo=${encodeURIComponent(url.pathname + url.search)}`);
  if (me.problem.status === 404) error(404, { message: me.problem.message, code: 'shop_not_found' });
  error(me.problem.status, { message: me.problem.message, code: me.problem.code });
};

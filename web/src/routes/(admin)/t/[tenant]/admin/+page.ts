import { redirect } from '@sveltejs/kit';
import { can } from '#lib/domain.ts';
import type { PageLoad } from './$types';

/**
 * /t/:tenant/admin has no page of its own: members who may see the shop's analytics land on
 * the dashboard, everyone else on the orders.
 */
export const load: PageLoad = async ({ params, parent, url }) => {
  const { me } = await parent();
  const home = can(me.member.permissions, 'dashboard', 'view') ? 'dashboard' : 'orders';
  redirect(307, `/t/${encodeURIComponent(params.tenant)}/admin/${home}${url.search}`);
};

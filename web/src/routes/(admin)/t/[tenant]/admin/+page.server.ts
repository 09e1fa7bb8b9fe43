import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** /t/:tenant/admin has no page of its own yet: the orders are the admin's home. */
export const load: PageServerLoad = ({ params, url }) => {
  redirect(307, `/t/${encodeURIComponent(params.tenant)}/admin/orders${url.search}`);
};

import { apiFetch } from '#lib/auth.ts';
import { loadShop } from '#lib/storefront/load-shop.ts';
import type { PageLoad } from './$types';

/** The shop, who is signed in, and the staff member they are (with an open shift), or why not. */
export const load: PageLoad = async ({ fetch, params }) => {
  const { extra, ...shop } = await loadShop(fetch, params.tenant, (base) =>
    apiFetch<{ name: string; openSince: string | null }>(`${base}/clock`, { fetcher: fetch }),
  );
  return { ...shop, staff: extra.ok ? extra.body : null, refusal: extra.ok ? null : extra.problem.message };
};

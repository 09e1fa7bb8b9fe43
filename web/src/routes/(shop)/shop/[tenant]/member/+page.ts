import { apiFetch } from '#lib/auth.ts';
import type { MemberCardView } from '#lib/api.ts';
import { loadShop } from '#lib/storefront/load-shop.ts';
import type { PageLoad } from './$types';

/** The shop, who is signed in, and their member card (or what joining asks; null when signed out). */
export const load: PageLoad = async ({ fetch, params }) => {
  const { extra, ...shop } = await loadShop(fetch, params.tenant, (base) =>
    apiFetch<MemberCardView>(`${base}/member`, { fetcher: fetch }),
  );
  return { ...shop, member: extra.ok ? extra.body : null };
};

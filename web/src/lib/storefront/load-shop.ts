import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { StorefrontCustomer, StorefrontShop } from '#lib/api.ts';

/**
 * What every page of a shop loads beside its own: the shop (404 if none) and who is signed in
 * (nobody is not an error), with the page's own request `extra` alongside.
 */
export async function loadShop<T>(
  fetcher: typeof fetch,
  tenant: string,
  extra: (base: string) => Promise<T>,
): Promise<StorefrontShop & { customer: StorefrontCustomer | null; extra: T }> {
  const base = `/api/shop/${encodeURIComponent(tenant)}`;
  const [shop, session, own] = await Promise.all([
    apiFetch<StorefrontShop>(base, { fetcher }),
    apiFetch<{ customer: StorefrontCustomer }>(`${base}/session`, { fetcher }),
    extra(base),
  ]);
  if (!shop.ok) error(shop.problem.status, { message: shop.problem.message, code: shop.problem.code });
  return { ...shop.body, customer: session.ok ? session.body.customer : null, extra: own };
}

/** An answer the page cannot go without: its problem becomes the error page. */
export function required<T>(result: Awaited<ReturnType<typeof apiFetch<T>>>): T {
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return result.body;
}

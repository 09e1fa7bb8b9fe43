import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { AdminBranch } from '#lib/api.ts';
import type { RestaurantContext } from '#lib/restaurant/branch-context.ts';

/**
 * How the order board's pages read what they show: the branch chosen in the header (none: the
 * page says so and the header asks), then one JSON call; a refusal becomes the error page.
 */
export function boardBranch(restaurant: RestaurantContext | null): AdminBranch | null {
  if (!restaurant) error(404, { message: '這個商店沒有經營餐廳。', code: 'not_a_restaurant' });
  return restaurant.current.branch;
}

export async function loadJson<T>(fetcher: typeof fetch, url: string): Promise<T> {
  const result = await apiFetch<T>(url, { fetcher });
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return result.body;
}

import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { AdminBranch, DailyOpsBoard } from '#lib/api.ts';
import type { RestaurantContext } from './branch-context.ts';

/**
 * How the three 日常營運 pages (庫存管理, 暫停銷售, 產能限制) get the board of the branch chosen in
 * the header (none chosen: the page says so and the header asks) and reach its API.
 */
export async function loadDailyOps(
  fetcher: typeof fetch,
  tenant: string,
  restaurant: RestaurantContext | null,
): Promise<{ branch: AdminBranch | null; board: DailyOpsBoard | null }> {
  if (!restaurant) error(404, { message: '這個商店沒有經營餐廳。', code: 'not_a_restaurant' });
  const branch = restaurant.current.branch;
  if (!branch) return { branch: null, board: null };
  const result = await apiFetch<DailyOpsBoard>(dailyOpsPath(tenant, branch.id, '/daily-ops'), { fetcher });
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return { branch, board: result.body };
}

export const dailyOpsPath = (tenant: string, branchId: string, path: string) =>
  `/api/t/${encodeURIComponent(tenant)}/branches/${encodeURIComponent(branchId)}${path}`;

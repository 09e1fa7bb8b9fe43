import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { AdminBranch, DailyOpsBoard } from '#lib/api.ts';
import { formatTaipeiDateTime, taipeiDayKey, taipeiDayRange } from '#lib/domain.ts';
import type { RestaurantContext } from './branch-context.ts';

/**
 * What the three 日常營運 pages (庫存管理, 暫停銷售, 產能限制) share: loading the branch's board,
 * its API paths, grouping by category with a search, and how a pause's end is said.
 */

/** The board of the branch chosen in the header (none chosen: the page says so and the header asks). */
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

export interface Section<T> {
  id: string | null;
  name: string;
  items: T[];
}

/** Items by menu category in menu order, those without one last under `otherName`; only matches of `query`. */
export function sectionsOf<T extends { name: string; categoryId: string | null }>(
  categories: readonly { id: string; name: string }[],
  items: readonly T[],
  query: string,
  otherName: string,
): Section<T>[] {
  const q = query.trim().toLowerCase();
  const shown = q ? items.filter((i) => i.name.toLowerCase().includes(q)) : items;
  const known = new Set(categories.map((c) => c.id));
  return [
    ...categories.map((c) => ({ id: c.id, name: c.name, items: shown.filter((i) => i.categoryId === c.id) })),
    { id: null, name: otherName, items: shown.filter((i) => !i.categoryId || !known.has(i.categoryId)) },
  ].filter((s) => s.items.length > 0);
}

/**
 * How a pause's end reads: null (until resumed), 'today' (the end of this Taipei day), or the
 * time: "HH:mm" today, "MM/DD HH:mm" another day.
 */
export function pauseEndLabel(until: string | null, now: Date): { kind: 'resume' | 'today' | 'time'; time: string } {
  if (until === null) return { kind: 'resume', time: '' };
  const end = new Date(until);
  const today = taipeiDayKey(now);
  if (end.getTime() === taipeiDayRange(today).end.getTime()) return { kind: 'today', time: '' };
  const full = formatTaipeiDateTime(end);
  return { kind: 'time', time: taipeiDayKey(end) === today ? full.slice(11) : full.slice(5) };
}

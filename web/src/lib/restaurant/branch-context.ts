import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { AdminBranch } from '#lib/api.ts';
import { currentBranch, type CurrentBranch } from '#lib/domain.ts';

/**
 * Which branch the admin works on. The choice is the browser's, in a cookie scoped to this
 * shop's admin pages (/t/<slug>/admin), so a reload keeps it and another shop has its own; the
 * branches and their online-ordering status are the API's. The header shows the current branch
 * on every page; a page about one branch reads `data.restaurant.current.branch` (null: the
 * member must choose first, the header asks them to).
 */
export const BRANCH_COOKIE = 'jiayi_branch';
/** What invalidate() names to reload the choice and the branches (after a switch). */
export const BRANCH_DEPENDENCY = 'jiayi:branch';

const ONE_YEAR_S = 60 * 60 * 24 * 365;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RestaurantContext {
  /** The branches the member works in, with their online-ordering status. */
  branches: AdminBranch[];
  current: CurrentBranch<AdminBranch>;
}

/** The cookie's value when it is a branch ID, else null. */
export function chosenBranchId(cookie: string | undefined): string | null {
  return cookie && UUID.test(cookie) ? cookie : null;
}

export function branchCookiePath(tenant: string): string {
  return `/t/${encodeURIComponent(tenant)}/admin`;
}

/** Remembers the branch chosen in this browser for this shop. */
export function rememberBranch(tenant: string, branchId: string): void {
  const secure = globalThis.location.protocol === 'https:' ? '; Secure' : '';
  globalThis.document.cookie = `${BRANCH_COOKIE}=${branchId}; Path=${branchCookiePath(tenant)}; Max-Age=${ONE_YEAR_S}; SameSite=Lax${secure}`;
}

/** The branches (GET /api/t/:tenant/branches) and the current one, from the browser's choice. */
export async function loadRestaurant(
  fetcher: typeof fetch,
  tenant: string,
  chosenId: string | null,
): Promise<RestaurantContext> {
  const result = await apiFetch<{ branches: AdminBranch[] }>(`/api/t/${encodeURIComponent(tenant)}/branches`, {
    fetcher,
  });
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return { branches: result.body.branches, current: currentBranch(result.body.branches, chosenId) };
}

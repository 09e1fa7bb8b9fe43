import { apiFetch } from '#lib/auth.ts';
import type { PageLoad } from './$types';

export interface TabletStaff {
  id: string;
  name: string;
  jobTitle: string | null;
  openSince: string | null;
}
export interface TabletScreen {
  shop: { name: string };
  device: { name: string };
  staff: TabletStaff[];
}

/** The shop tablet's clock-in screen: only a registered device gets the list (else `screen` is null). */
export const load: PageLoad = async ({ fetch, params }) => {
  const result = await apiFetch<TabletScreen>(`/api/clock/${encodeURIComponent(params.tenant)}`, { fetcher: fetch });
  return { screen: result.ok ? result.body : null, problem: result.ok ? null : result.problem.message };
};

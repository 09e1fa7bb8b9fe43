import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { BranchBusinessHours, BranchPickupMethods } from '#lib/api.ts';
import type { PageLoad } from './$types';

/**
 * The business hours of the branch chosen in the header (none chosen: the page says so and the
 * header asks), with its pickup methods for the preview's slots. Switching branches re-runs the
 * layout, and so this load.
 */
export const load: PageLoad = async ({ fetch, params, parent }) => {
  const { restaurant } = await parent();
  if (!restaurant) error(404, { message: '這個商店沒有經營餐廳。', code: 'not_a_restaurant' });
  const branch = restaurant.current.branch;
  if (!branch) return { branch: null, hours: null, methods: null };
  const base = `/api/t/${encodeURIComponent(params.tenant)}/branches/${encodeURIComponent(branch.id)}`;
  const [hours, methods] = await Promise.all([
    apiFetch<BranchBusinessHours>(`${base}/business-hours`, { fetcher: fetch }),
    apiFetch<BranchPickupMethods>(`${base}/pickup-methods`, { fetcher: fetch }),
  ]);
  if (!hours.ok) error(hours.problem.status, { message: hours.problem.message, code: hours.problem.code });
  return { branch, hours: hours.body, methods: methods.ok ? methods.body.settings : null };
};

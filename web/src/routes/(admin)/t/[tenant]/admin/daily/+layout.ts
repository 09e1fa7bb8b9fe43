import { loadDailyOps } from '#lib/restaurant/daily-ops.ts';
import type { LayoutLoad } from './$types';

/**
 * 日常營運's pages (庫存管理, 暫停銷售, 產能限制) all show the board of the branch chosen in the
 * header; switching branches re-runs the admin layout, and so this.
 */
export const load: LayoutLoad = async ({ fetch, params, parent }) =>
  loadDailyOps(fetch, params.tenant, (await parent()).restaurant);

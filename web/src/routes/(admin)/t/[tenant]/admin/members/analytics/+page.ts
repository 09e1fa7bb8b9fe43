import type { MemberAnalyticsReport } from '#lib/api.ts';
import { analyticsView, loadAnalytics } from '#lib/members/analytics-view.ts';
import type { PageLoad } from './$types';

/** 會員經營分析 for the period and branch in the URL (近 30 天 of every branch by default). */
export const load: PageLoad = async ({ fetch, params, url }) => {
  const view = analyticsView(url);
  const report = await loadAnalytics<MemberAnalyticsReport>(fetch, params.tenant, 'analytics', view);
  return { view, report };
};

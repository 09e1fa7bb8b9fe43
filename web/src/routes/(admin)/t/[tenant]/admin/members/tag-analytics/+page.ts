import type { TagAnalyticsReport } from '#lib/api.ts';
import { analyticsView, loadAnalytics } from '#lib/members/analytics-view.ts';
import type { PageLoad } from './$types';

/** 會員標籤分析 for the period and branch in the URL (近 30 天 of every branch by default). */
export const load: PageLoad = async ({ fetch, params, url }) => {
  const view = analyticsView(url);
  const report = await loadAnalytics<TagAnalyticsReport>(fetch, params.tenant, 'analytics/tags', view);
  return { view, report };
};

import type { DailyReport } from '#lib/api.ts';
import { apiQuery, loadClosing, loadReport, reportView } from '#lib/insights/report-view.ts';
import type { PageLoad } from './$types';

/** 日營收總覽 for the range and branch in the URL (the last 30 days of every branch by default). */
export const load: PageLoad = async ({ fetch, params, url }) => {
  const view = reportView(url);
  const [report, closing] = await Promise.all([
    loadReport<DailyReport>(fetch, params.tenant, 'daily', apiQuery(view)),
    loadClosing(fetch, params.tenant, view),
  ]);
  return { view, report, closing };
};

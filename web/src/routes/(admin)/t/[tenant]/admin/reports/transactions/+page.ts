import type { DailyReport, TransactionReport } from '#lib/api.ts';
import { apiQuery, loadClosing, loadReport, reportView } from '#lib/insights/report-view.ts';
import type { PageLoad } from './$types';

/** 交易明細: the first page for the URL's filters, the same filters per day for the chart, and the 日結. */
export const load: PageLoad = async ({ fetch, params, url }) => {
  const view = reportView(url);
  const query = apiQuery(view);
  const [first, daily, closing] = await Promise.all([
    loadReport<TransactionReport>(fetch, params.tenant, 'transactions', query),
    loadReport<DailyReport>(fetch, params.tenant, 'daily', query),
    loadClosing(fetch, params.tenant, view),
  ]);
  return { view, first, daily, closing };
};
